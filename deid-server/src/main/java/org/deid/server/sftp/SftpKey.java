package org.deid.server.sftp;

import java.time.Instant;

/**
 * A public key allowed to log in as a client. Only the public key is stored; its comment is
 * dropped.
 *
 * @param id the key id (for removal)
 * @param clientId the client
 * @param algorithm the OpenSSH key type, for example {@code ssh-ed25519}
 * @param fingerprint the OpenSSH SHA-256 fingerprint, {@code SHA256:...}
 * @param publicKey the key as {@code TYPE BASE64}
 * @param createdAt when it was added
 */
public record SftpKey(
    String id,
    String clientId,
    String algorithm,
    String fingerprint,
    String publicKey,
    Instant createdAt) {}
