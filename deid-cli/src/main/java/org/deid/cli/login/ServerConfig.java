package org.deid.cli.login;

import java.util.List;
import org.deid.core.key.KeyMaterial;
import org.deid.core.policy.Policy;

/**
 * A client's current policy and keys as fetched from the server, held in memory only. {@link
 * #toString()} shows versions and key ids, never key bytes ({@link KeyMaterial} does not show them
 * either).
 *
 * @param clientId the client id
 * @param clientName the client name
 * @param policyVersion the server's policy version
 * @param policy the parsed policy
 * @param keysVersion the server's key version
 * @param keys the parsed keys
 * @param keyIds the ids of every key (linkage, site, PRF)
 */
public record ServerConfig(
    String clientId,
    String clientName,
    int policyVersion,
    Policy policy,
    int keysVersion,
    KeyMaterial keys,
    List<String> keyIds) {
  @Override
  public String toString() {
    return "ServerConfig[client="
        + clientId
        + ", policyVersion="
        + policyVersion
        + ", keysVersion="
        + keysVersion
        + ", keyIds="
        + keyIds
        + "]";
  }

  /**
   * Zeroes the key bytes held by {@link #keys()} once a run is over. Best effort: ciphers built
   * from the keys hold their own copies until they are garbage collected. The keys are unusable
   * afterwards.
   */
  public void destroyKeys() {
    keys.linkage().key().destroy();
    keys.prf().key().destroy();
    keys.site().keys().forEach(key -> key.key().destroy());
  }
}
