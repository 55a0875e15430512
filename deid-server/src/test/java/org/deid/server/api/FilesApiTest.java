package org.deid.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesApiTest {
  @TempDir Path dir;
  private DeidServer server;
  private Api api;
  private Api admin;

  @BeforeEach
  void start() throws Exception {
    server =
        TestServer.start(
            TestServer.settings(dir).withLimits(new ServerApp.Limits(1000, 1 << 20, 1000, 1000)),
            new LineEngine(),
            Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    api = Api.as(server.port(), Fixture.client(admin, "clinic").apiKey());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void upload_overTheLimit_answers413_andStoresNothing() {
    Api.Response response = api.put("/v1/files/big.csv", new byte[1001]);

    assertThat(response.status()).isEqualTo(413);
    assertThat(api.get("/v1/files/big.csv").status()).isEqualTo(404);
    assertThat(api.put("/v1/files/ok.csv", new byte[1000]).status()).isEqualTo(201);
  }

  @Test
  void upload_withWrongSha_answers422_andStoresNothing() {
    Api.Response response =
        api.send(
            "PUT",
            "/v1/files/a.csv",
            "abc".getBytes(StandardCharsets.UTF_8),
            Map.of("X-Deid-Sha256", "00"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(api.get("/v1/files/a.csv").status()).isEqualTo(404);
  }

  @Test
  void unsafeKeys_answer400() {
    assertThat(api.put("/v1/files/a%0Ab.csv", new byte[1]).status()).isEqualTo(400);
    assertThat(api.put("/v1/files/a/%2E%2E/b.csv", new byte[1]).status()).isIn(400, 404);
    assertThat(api.put("/v1/files/a//b.csv", new byte[1]).status()).isIn(400, 404);
    assertThat(api.put("/v1/files/a%5Cb.csv", new byte[1]).status()).isEqualTo(400);
    assertThat(api.get("/v1/files?prefix=../").status()).isEqualTo(400);
    assertThat(api.get("/v1/files").json().get("files")).isEmpty();
  }

  @Test
  void headAndDelete_work() {
    api.put("/v1/files/in/a.csv", "abc".getBytes(StandardCharsets.UTF_8));

    Api.Response head = api.send("HEAD", "/v1/files/in/a.csv", new byte[0], Map.of());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-Deid-Sha256")).isPresent();
    assertThat(api.delete("/v1/files/in/a.csv").status()).isEqualTo(204);
    assertThat(api.delete("/v1/files/in/a.csv").status()).isEqualTo(404);
  }

  @Test
  void documentAndJsonBodies_overTheRequestLimit_answer413() {
    String clientId =
        admin.get("/v1/admin/clients").json().get("clients").get(0).get("id").asText();

    Api.Response policy =
        admin.put("/v1/admin/clients/" + clientId + "/policy", new byte[(1 << 20) + 1]);
    Api.Response job = api.send("POST", "/v1/jobs", new byte[(1 << 20) + 1], Map.of());

    assertThat(policy.status()).isEqualTo(413);
    assertThat(job.status()).isEqualTo(413);
  }

  @Test
  void upload_whereAFolderIsAFileOrAFileAFolder_answers400_andLeavesNothingBehind()
      throws Exception {
    assertThat(api.put("/v1/files/in/a.csv", "x".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(201);

    Api.Response overFolder = api.put("/v1/files/in", "y".getBytes(StandardCharsets.UTF_8));
    Api.Response underFile = api.put("/v1/files/in/a.csv/b", "z".getBytes(StandardCharsets.UTF_8));

    assertThat(overFolder.status()).as(overFolder.text()).isEqualTo(400);
    assertThat(overFolder.json().get("message").asText())
        .isEqualTo("the object key names a folder that holds other objects");
    assertThat(underFile.status()).as(underFile.text()).isEqualTo(400);
    assertThat(underFile.json().get("message").asText())
        .isEqualTo("a folder in the object key is already an object");
    assertThat(api.get("/v1/files").json().get("files"))
        .extracting(f -> f.get("key").asText())
        .containsExactly("in/a.csv");
    try (var leftovers = java.nio.file.Files.list(dir.resolve("storage/tmp"))) {
      assertThat(leftovers.toList()).isEmpty();
    }
  }

  @Test
  void job_whoseOutputFolderIsAFile_failsAtOnceNamingTheOutput() {
    api.put("/v1/files/in/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
    api.put("/v1/files/out", "not a folder".getBytes(StandardCharsets.UTF_8));

    String jobId = Fixture.submit(api, java.util.List.of("in/a.csv"), "out/");
    com.fasterxml.jackson.databind.JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
    assertThat(job.get("reason").asText())
        .isEqualTo("output out/a.csv: a folder in the object key is already an object");
    assertThat(api.get("/v1/files/out").text()).isEqualTo("not a folder");
  }
}
