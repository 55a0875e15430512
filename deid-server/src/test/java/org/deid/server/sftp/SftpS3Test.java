package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.storage.StoredObject;
import org.deid.server.storage.s3.S3ObjectStorage;
import org.deid.server.storage.s3.S3Settings;
import org.deid.server.testing.Api;
import org.deid.server.testing.CuttingRelay;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.OpenSshSftp;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SFTP with the files in S3 (S3Proxy in its own process): the OpenSSH client and the HTTP API see
 * the same objects, an inbox upload starts its job, and an interrupted upload is kept in the bucket
 * (not as the client's file) and resumed with {@code reput}.
 */
class SftpS3Test {
  @TempDir Path dir;
  @TempDir Path work;
  private S3ObjectStorage storage;
  private DeidServer server;
  private Api api;
  private OpenSshSftp sftp;
  private String clientId;

  @BeforeEach
  void start() throws Exception {
    OpenSshSftp.assumeInstalled();
    S3Settings bucket = S3Proxy.get().newBucket("deid/");
    storage =
        new S3ObjectStorage(
            new S3Settings(
                bucket.bucket(),
                bucket.prefix(),
                Optional.of(S3Proxy.get().endpoint()),
                Optional.empty(),
                bucket.partSize(),
                bucket.listPageSize(),
                true),
            S3Proxy.credentials());
    server =
        TestServer.start(
            TestServer.settings(dir), TestServer.ingest(), new LineEngine(), Optional.of(storage));
    Api admin = Api.as(server.port(), Fixture.adminKey(dir));
    Fixture.ClientSetup clinic = Fixture.client(admin, "clinic");
    clientId = clinic.id();
    api = Api.as(server.port(), clinic.apiKey());
    SshKeys.Pair key = SshKeys.generate(work, "clinic_key");
    admin.post(
        "/v1/admin/clients/" + clinic.id() + "/sftp/keys", Map.of("publicKey", key.publicLine()));
    admin.putJson(
        "/v1/admin/clients/" + clinic.id() + "/inbox-rules",
        Map.of("path", "inbox/*.csv", "outputPrefix", "out/"));
    sftp = OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", key.privateKey(), work);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      storage.close();
    }
  }

  @Test
  void sftpAndHttp_seeTheSameObjects_andAnInboxUploadStartsItsJob() throws Exception {
    Files.writeString(work.resolve("a.csv"), "id\n1\n2\n");
    OpenSshSftp.Result put =
        sftp.run(
            "put a.csv drafts/a.csv", "rename drafts/a.csv drafts/renamed.txt", "ls -l drafts");
    assertThat(put.exitCode()).as(put.both()).isZero();
    assertThat(put.out()).contains("renamed.txt");
    assertThat(api.get("/v1/files/drafts/renamed.txt").text()).isEqualTo("id\n1\n2\n");
    assertThat(storage.stat("clients/" + clientId + "/drafts/renamed.txt")).isPresent();
    assertThat(storage.stat("clients/" + clientId + "/drafts/a.csv")).isEmpty();

    api.put("/v1/files/shared/b.csv", "from http\n".getBytes(StandardCharsets.UTF_8));
    OpenSshSftp.Result get = sftp.run("get shared/b.csv b.csv", "put a.csv inbox/c.csv");
    assertThat(get.exitCode()).as(get.both()).isZero();
    assertThat(Files.readString(work.resolve("b.csv"))).isEqualTo("from http\n");

    for (int i = 0; i < 3000 && api.get("/v1/inbox/starts").json().path("starts").isEmpty(); i++) {
      Fixture.sleep(25);
    }
    Fixture.sleep(800);
    var starts = api.get("/v1/inbox/starts").json().path("starts");
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).path("path").asText()).isEqualTo("inbox/c.csv");
    var job = Fixture.awaitTerminal(api, starts.get(0).path("jobId").asText());
    assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
    OpenSshSftp.Result output = sftp.run("get out/c.csv c.out");
    assertThat(output.exitCode()).as(output.both()).isZero();
    assertThat(Files.readString(work.resolve("c.out")))
        .isEqualTo(LineEngine.expectedOutput("id\n1\n2\n"));
  }

  @Test
  void interruptedUpload_isKeptOutsideTheClientFiles_andReputCompletesIt() throws Exception {
    Path big = work.resolve("big.csv");
    try (BufferedWriter out = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      out.write("id,value\n");
      for (int i = 0; i < 700_000; i++) {
        out.write(String.format(Locale.ROOT, "%08d,row-%08d-abcdefghij\n", i, i));
      }
    }
    long size = Files.size(big);

    try (CuttingRelay relay = new CuttingRelay(server.sftpPort().orElseThrow(), size / 2)) {
      Process cut = sftp.start(relay.port(), "put big.csv inbox/big.csv");
      assertThat(relay.awaitCut()).isTrue();
      cut.waitFor();
    }
    Optional<StoredObject> partial = Optional.empty();
    for (int i = 0; i < 3000 && partial.isEmpty(); i++) {
      partial = storage.stat("sftp-partial/" + clientId + "/inbox/big.csv");
      Fixture.sleep(25);
    }
    assertThat(partial).isPresent();
    assertThat(partial.get().size()).isPositive().isLessThan(size);
    assertThat(storage.stat("clients/" + clientId + "/inbox/big.csv")).isEmpty();
    Fixture.sleep(1000);
    assertThat(api.get("/v1/inbox/starts").json().path("starts")).isEmpty();

    OpenSshSftp.Result resumed = sftp.run("reput big.csv inbox/big.csv");
    assertThat(resumed.exitCode()).as(resumed.both()).isZero();

    String expected = SftpInboxEndToEndTest.sha256(Files.readAllBytes(big));
    assertThat(storage.stat("clients/" + clientId + "/inbox/big.csv").orElseThrow().sha256())
        .isEqualTo(expected);
    assertThat(storage.stat("sftp-partial/" + clientId + "/inbox/big.csv")).isEmpty();
    for (int i = 0; i < 3000 && api.get("/v1/inbox/starts").json().path("starts").isEmpty(); i++) {
      Fixture.sleep(25);
    }
    Fixture.sleep(800);
    var starts = api.get("/v1/inbox/starts").json().path("starts");
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).path("sha256").asText()).isEqualTo(expected);
  }
}
