package org.deid.server.auth;

import java.util.Optional;

/**
 * Who is calling: the administrator or one client, identified by the API key used.
 *
 * @param keyId the id of the API key (safe to log; never the key)
 * @param clientId the client, empty for the administrator
 */
public record Principal(String keyId, Optional<String> clientId) {
  /**
   * Tells whether this is the administrator.
   *
   * @return true for an admin key
   */
  public boolean isAdmin() {
    return clientId.isEmpty();
  }

  /**
   * Returns a label for logs and the audit log.
   *
   * @return {@code admin:KEYID} or {@code client:ID:KEYID}
   */
  public String label() {
    return clientId.map(c -> "client:" + c + ":" + keyId).orElse("admin:" + keyId);
  }
}
