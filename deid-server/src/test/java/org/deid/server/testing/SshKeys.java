package org.deid.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Makes SSH key pairs for tests: an OpenSSH private key file (0600) and its public line. */
public final class SshKeys {
  private SshKeys() {}

  /**
   * A key pair on disk.
   *
   * @param privateKey the private key file
   * @param publicKeyFile the {@code .pub} file
   * @param publicLine the public key line
   */
  public record Pair(Path privateKey, Path publicKeyFile, String publicLine) {}

  /**
   * Generates an ECDSA P-256 key pair.
   *
   * @param dir where to write it
   * @param name the file name
   * @return the files
   * @throws Exception if it cannot be made
   */
  public static Pair generate(Path dir, String name) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, name, null, out);
    Path privateKey = dir.resolve(name);
    Files.createFile(
        privateKey,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(privateKey, out.toByteArray());
    String line = PublicKeyEntry.toString(pair.getPublic()) + " " + name + "@test";
    Path pub = Files.writeString(dir.resolve(name + ".pub"), line + "\n", StandardCharsets.UTF_8);
    return new Pair(privateKey, pub, line);
  }
}
