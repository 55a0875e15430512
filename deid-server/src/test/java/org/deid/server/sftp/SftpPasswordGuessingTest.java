package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.OpenSshSftp;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password guessing over SFTP with the real OpenSSH client: repeated failures lock guesses out. */
class SftpPasswordGuessingTest {
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;
  @TempDir Path work;
  private DeidServer server;
  private Api admin;
  private Fixture.ClientSetup clinic;
  private int sftpPort;

  @BeforeEach
  void start() throws Exception {
    OpenSshSftp.assumeInstalled();
    server =
        TestServer.start(
            TestServer.settings(dir),
            TestServer.ingest()
                .withSftp(
                    SftpSettings.onPort(0)
                        .withPasswordGuessing(new PasswordGuessing(2, 100, Duration.ofMinutes(5)))),
            new LineEngine(),
            Optional.empty());
    sftpPort = server.sftpPort().orElseThrow();
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    clinic = Fixture.client(admin, "clinic");
    Api.Response set =
        admin.put(
            "/v1/admin/clients/" + clinic.id() + "/sftp/password",
            PASSWORD.getBytes(StandardCharsets.UTF_8));
    assertThat(set.status()).as(set.text()).isIn(200, 204);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private boolean audited(String route, int status) {
    for (JsonNode e : admin.get("/v1/admin/audit?limit=10000").json().path("entries")) {
      if (e.path("actor").asText().equals("sftp:" + clinic.id())
          && e.path("route").asText().equals(route)
          && e.path("status").asInt() == status) {
        return true;
      }
    }
    return false;
  }

  @Test
  void afterTheAllowedFailures_evenTheRightPasswordIsRefused_butKeyLoginStillWorks()
      throws Exception {
    OpenSshSftp right = OpenSshSftp.withPassword(sftpPort, "clinic", PASSWORD, work);
    assertThat(right.run("ls").exitCode()).as("before any failure").isZero();

    OpenSshSftp wrong = OpenSshSftp.withPassword(sftpPort, "clinic", "not the password!", work);
    assertThat(wrong.run("ls").exitCode()).isNotZero();
    assertThat(wrong.run("ls").exitCode()).isNotZero();

    OpenSshSftp.Result refused = right.run("ls");
    assertThat(refused.exitCode()).as("guesses are refused unchecked now").isNotZero();
    for (int i = 0; i < 3000 && !audited("sftp/login", 429); i++) {
      Fixture.sleep(20);
    }
    assertThat(audited("sftp/login", 429)).isTrue();
    String activity = admin.get("/v1/admin/clients/" + clinic.id() + "/activity").text();
    assertThat(activity).contains("refusedAfterRepeatedFailures").doesNotContain(PASSWORD);

    SshKeys.Pair key = SshKeys.generate(work, "clinic_key");
    Api.Response added =
        admin.post(
            "/v1/admin/clients/" + clinic.id() + "/sftp/keys",
            Map.of("publicKey", key.publicLine()));
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    OpenSshSftp.Result byKey =
        OpenSshSftp.withKey(sftpPort, "clinic", key.privateKey(), work).run("ls");
    assertThat(byKey.exitCode()).as(byKey.both()).isZero();
  }
}
