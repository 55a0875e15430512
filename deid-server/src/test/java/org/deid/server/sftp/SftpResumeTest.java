package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.CuttingRelay;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.OpenSshSftp;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large upload cut off half-way by a real network failure starts no job and stays invisible to
 * HTTP; OpenSSH {@code reput} resumes it from where it stopped, and completing it starts exactly
 * one job for exactly the local file's content.
 */
class SftpResumeTest {
  @TempDir Path dir;
  @TempDir Path work;
  private DeidServer server;
  private Api api;
  private OpenSshSftp sftp;

  @BeforeEach
  void start() throws Exception {
    OpenSshSftp.assumeInstalled();
    server =
        TestServer.start(
            TestServer.settings(dir), TestServer.ingest(), new LineEngine(), Optional.empty());
    Api admin = Api.as(server.port(), Fixture.adminKey(dir));
    Fixture.ClientSetup clinic = Fixture.client(admin, "clinic");
    api = Api.as(server.port(), clinic.apiKey());
    SshKeys.Pair key = SshKeys.generate(work, "clinic_key");
    admin.post(
        "/v1/admin/clients/" + clinic.id() + "/sftp/keys", Map.of("publicKey", key.publicLine()));
    Api.Response rule =
        admin.putJson(
            "/v1/admin/clients/" + clinic.id() + "/inbox-rules",
            Map.of("path", "inbox/*.csv", "outputPrefix", "out/"));
    assertThat(rule.status()).as(rule.text()).isEqualTo(200);
    sftp = OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", key.privateKey(), work);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path bigFile() throws Exception {
    Path file = work.resolve("big.csv");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,value\n");
      for (int i = 0; i < 1_200_000; i++) {
        out.write(String.format(Locale.ROOT, "%08d,row-%08d-abcdefghij\n", i, i * 7));
      }
    }
    return file;
  }

  private int starts() {
    return api.get("/v1/inbox/starts").json().path("starts").size();
  }

  @Test
  void uploadCutHalfWay_startsNoJob_andReputCompletingItStartsExactlyOne() throws Exception {
    Path big = bigFile();
    long size = Files.size(big);
    assertThat(size).isGreaterThan(30L << 20);

    try (CuttingRelay relay = new CuttingRelay(server.sftpPort().orElseThrow(), size / 2)) {
      Process cutOff = sftp.start(relay.port(), "put big.csv inbox/big.csv");
      assertThat(relay.awaitCut()).isTrue();
      cutOff.waitFor();
      assertThat(cutOff.exitValue()).isNotZero();
    }

    OpenSshSftp.Result listing = null;
    long partial = 0;
    for (int i = 0; i < 3000 && partial == 0; i++) {
      listing = sftp.run("ls -l inbox");
      for (String line : listing.out().split("\n")) {
        if (line.endsWith("big.csv")) {
          partial = Long.parseLong(line.trim().split("\\s+")[4]);
        }
      }
      if (partial == 0) {
        Fixture.sleep(50);
      }
    }
    assertThat(partial).as(listing == null ? "" : listing.both()).isPositive().isLessThan(size);
    assertThat(api.send("HEAD", "/v1/files/inbox/big.csv", new byte[0], Map.of()).status())
        .isEqualTo(404);
    Fixture.sleep(1500);
    assertThat(starts()).isZero();
    assertThat(api.get("/v1/jobs").json().path("jobs")).isEmpty();

    OpenSshSftp.Result resumed = sftp.run("reput big.csv inbox/big.csv");
    assertThat(resumed.exitCode()).as(resumed.both()).isZero();

    for (int i = 0; i < 3000 && starts() == 0; i++) {
      Fixture.sleep(50);
    }
    Fixture.sleep(1500);
    JsonNode all = api.get("/v1/inbox/starts").json().path("starts");
    assertThat(all).hasSize(1);
    String expected = SftpInboxEndToEndTest.sha256(Files.readAllBytes(big));
    assertThat(all.get(0).path("sha256").asText()).isEqualTo(expected);
    assertThat(all.get(0).path("size").asLong()).isEqualTo(size);
    assertThat(api.get("/v1/jobs").json().path("jobs")).hasSize(1);
    Api.Response head = api.send("HEAD", "/v1/files/inbox/big.csv", new byte[0], Map.of());
    assertThat(head.headers().firstValue("X-Deid-Sha256")).contains(expected);
    OpenSshSftp.Result after = sftp.run("ls -l inbox");
    assertThat(after.out()).contains(Long.toString(size));
  }
}
