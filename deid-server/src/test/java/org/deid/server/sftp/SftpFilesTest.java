package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** SFTP with the real OpenSSH client: the same files as over HTTP, in the client's own space. */
class SftpFilesTest {
  @TempDir Path dir;
  @TempDir Path work;
  private DeidServer server;
  private Api admin;
  private Fixture.ClientSetup clinic;
  private Api clinicApi;
  private OpenSshSftp sftp;

  @BeforeEach
  void start() throws Exception {
    OpenSshSftp.assumeInstalled();
    server =
        TestServer.start(
            TestServer.settings(dir), TestServer.ingest(), new LineEngine(), Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    clinic = Fixture.client(admin, "clinic");
    clinicApi = Api.as(server.port(), clinic.apiKey());
    SshKeys.Pair key = SshKeys.generate(work, "clinic_key");
    Api.Response added =
        admin.post(
            "/v1/admin/clients/" + clinic.id() + "/sftp/keys",
            Map.of("publicKey", key.publicLine()));
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    sftp = OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", key.privateKey(), work);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keyLogin_putOverSftp_isTheFileHttpServes_andBack() throws Exception {
    Path local = Files.writeString(work.resolve("a.csv"), "id\n1\n2\n");
    OpenSshSftp.Result put = sftp.run("mkdir inbox", "put a.csv inbox/a.csv", "ls -l inbox");
    assertThat(put.exitCode()).as(put.both()).isZero();
    assertThat(put.out()).contains("a.csv");

    Api.Response served = clinicApi.get("/v1/files/inbox/a.csv");
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(Files.readAllBytes(local));

    clinicApi.put("/v1/files/out/b.csv", "from http\n".getBytes(StandardCharsets.UTF_8));
    OpenSshSftp.Result get = sftp.run("get out/b.csv b.csv");
    assertThat(get.exitCode()).as(get.both()).isZero();
    assertThat(Files.readString(work.resolve("b.csv"))).isEqualTo("from http\n");
  }
}
