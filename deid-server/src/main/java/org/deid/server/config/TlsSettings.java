package org.deid.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The server certificate: a PKCS#12 file ({@code .p12}/{@code .pfx}, password from the environment)
 * or a PEM certificate chain with a PEM PKCS#8 private key.
 *
 * @param certificate the PKCS#12 file or the PEM certificate chain
 * @param privateKey the PEM private key (PEM only)
 * @param password the PKCS#12 password (never from a flag), empty for PEM
 */
public record TlsSettings(Path certificate, Optional<Path> privateKey, Optional<String> password) {
  @Override
  public String toString() {
    return "TlsSettings[certificate=" + certificate + ", privateKey=" + privateKey + "]";
  }
}
