package org.deid.cli.login;

import java.util.Optional;

/**
 * What {@code deid login} stores: the server URL, the client's API key and, for HTTPS, the SHA-256
 * of the server certificate seen at login (later connections must present the same certificate).
 * {@link #toString()} never shows the API key.
 *
 * @param server the server URL without a trailing slash
 * @param apiKey the API key
 * @param certificateSha256 lower-case hex SHA-256 of the server's leaf certificate (DER), for https
 */
public record Credentials(String server, String apiKey, Optional<String> certificateSha256) {
  @Override
  public String toString() {
    return "Credentials[server="
        + server
        + ", apiKey=(hidden), certificateSha256="
        + certificateSha256.orElse("none")
        + "]";
  }
}
