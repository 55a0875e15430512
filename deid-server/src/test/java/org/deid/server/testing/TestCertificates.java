package org.deid.server.testing;

import java.io.IOException;
import java.nio.file.Path;

/** Self-signed test certificates for {@code localhost} / 127.0.0.1, made with the JDK's keytool. */
public final class TestCertificates {
  /** The store and key password of every certificate made here. */
  public static final String PASSWORD = "changeit-test";

  /** The alias of the key pair in the store. */
  public static final String ALIAS = "server";

  private TestCertificates() {}

  /**
   * Writes a new PKCS#12 store with an EC P-256 key pair and a certificate valid for two days.
   *
   * @param p12 the store file to create
   * @return the same path
   * @throws IOException if keytool cannot run
   * @throws InterruptedException if interrupted
   */
  public static Path pkcs12(Path p12) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return p12;
  }
}
