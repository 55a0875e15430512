package org.deid.server.onprem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.config.TlsSettings;
import org.deid.server.testing.CliProcess;
import org.deid.server.testing.TestCertificates;
import org.deid.server.testing.TestServer;
import org.deid.server.worker.CoreJobRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate pinning of the on-prem CLI over HTTPS: login records the server certificate, and a
 * server presenting another certificate later stops the run before any row is read.
 */
class OnPremTlsTest {
  private static final String PASSWORD = TestCertificates.PASSWORD;
  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir Path dataDir;
  @TempDir Path work;

  private Path certificate(String name) throws Exception {
    Path p12 = work.resolve(name + ".p12");
    TestCertificates.pkcs12(p12);
    return p12;
  }

  private DeidServer start(Path p12, int port) {
    TlsSettings tls = new TlsSettings(p12, Optional.empty(), Optional.of(PASSWORD));
    return TestServer.start(
        TestServer.settings(dataDir).withListener("127.0.0.1", Optional.of(tls)).withPort(port),
        new CoreJobRunner(),
        Optional.empty());
  }

  @Test
  void loginPinsTheCertificate_andAChangedCertificateStopsTheRun() throws Exception {
    Path first = certificate("first");
    Path second = certificate("second");
    CliProcess cli = CliProcess.in(work.resolve("user"));
    DeidServer server = start(first, 0);
    int port = server.port();
    String url = "https://127.0.0.1:" + port;
    OnPremCliTest.Clinic clinic;
    try {
      clinic = OnPremCliTest.clinic(server, "tls-clinic", work);
      CliProcess.Result login =
          cli.run("login", "--server", url, "--api-key-file", clinic.apiKeyFile().toString());
      assertThat(login.exitCode()).as(login.all()).isZero();
      assertThat(login.out()).contains("pinned");
      assertThat(
              Files.readString(
                  cli.configHome().resolve("deid/credentials.json"), StandardCharsets.UTF_8))
          .contains("certificateSha256");
      CliProcess.Result whoami = cli.run("whoami");
      assertThat(whoami.exitCode()).as(whoami.all()).isZero();
      assertThat(whoami.out()).contains("tls-clinic");
    } finally {
      server.close();
    }

    DeidServer impostor = start(second, port);
    try {
      Path out = work.resolve("out");
      CliProcess.Result run =
          cli.run(
              "tokenize",
              "--server-config",
              "--out",
              out.toString(),
              EXAMPLES.resolve("patients.csv").toString());

      assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
      assertThat(run.err()).contains("certificate", "changed since login", "deid login again");
      assertThat(CliProcess.filesUnder(out)).isEmpty();
    } finally {
      impostor.close();
    }
  }

  @Test
  void loginWithAnExpectedFingerprintThatDiffers_isRefused() throws Exception {
    Path p12 = certificate("only");
    CliProcess cli = CliProcess.in(work.resolve("user"));
    DeidServer server = start(p12, 0);
    try {
      OnPremCliTest.Clinic clinic = OnPremCliTest.clinic(server, "tls-expect", work);
      CliProcess.Result login =
          cli.run(
              "login",
              "--server",
              "https://127.0.0.1:" + server.port(),
              "--api-key-file",
              clinic.apiKeyFile().toString(),
              "--certificate-sha256",
              "00".repeat(32));

      assertThat(login.exitCode()).as(login.all()).isEqualTo(5);
      assertThat(login.err()).contains("certificate");
      assertThat(cli.configHome().resolve("deid/credentials.json")).doesNotExist();
    } finally {
      server.close();
    }
  }
}
