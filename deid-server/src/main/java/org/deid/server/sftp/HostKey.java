package org.deid.server.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Iterator;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.deid.server.config.ConfigException;
import org.deid.server.config.MasterKey;

/**
 * The SFTP server's host key: an ECDSA P-256 key generated on first start and kept in OpenSSH
 * format in a file readable only by its owner (mode 0600). A key file readable by others is
 * refused, as OpenSSH refuses it.
 */
final class HostKey {
  private HostKey() {}

  /**
   * Loads the host key, generating it first if the file does not exist.
   *
   * @param file the key file
   * @return the key pair
   * @throws ConfigException if the file cannot be made, read or is readable by others
   */
  static KeyPair loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
            pair, "deid-sftp-host-key", null, out);
        MasterKey.SecretFiles.writeOwnerOnly(file, out.toByteArray());
      }
      checkOwnerOnly(file);
      try (InputStream in = Files.newInputStream(file)) {
        Iterable<KeyPair> pairs =
            SecurityUtils.loadKeyPairIdentities(
                null, NamedResource.ofName(file.toString()), in, null);
        Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
        if (it == null || !it.hasNext()) {
          throw new ConfigException("the SFTP host key file " + file + " holds no key");
        }
        return it.next();
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          "cannot prepare the SFTP host key " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void checkOwnerOnly(Path file) throws IOException {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    }
    for (PosixFilePermission permission : permissions) {
      if (permission != PosixFilePermission.OWNER_READ
          && permission != PosixFilePermission.OWNER_WRITE) {
        throw new ConfigException(
            "the SFTP host key file " + file + " must be readable by its owner only (chmod 600)");
      }
    }
  }

  /**
   * Returns the OpenSSH SHA-256 fingerprint of the host key, for operators to publish.
   *
   * @param pair the key
   * @return {@code SHA256:...}
   */
  static String fingerprint(KeyPair pair) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, pair.getPublic());
  }
}
