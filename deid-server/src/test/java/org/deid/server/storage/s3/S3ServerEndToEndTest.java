package org.deid.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.config.ServerSettings;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.TcpForwarder;
import org.deid.server.testing.TestServer;
import org.deid.server.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The server with its files in S3 (S3Proxy in its own process, reached through a relay that the
 * test can cut): upload, job, download; and a job whose storage becomes unreachable.
 */
class S3ServerEndToEndTest {
  private static final String INPUT = "id,name\n1,ana\n2,bob\n3,cy\n";

  @TempDir Path dir;
  private TcpForwarder relay;
  private S3ObjectStorage storage;
  private DeidServer server;
  private Api api;
  private String apiKey;

  @BeforeEach
  void start() throws Exception {
    S3Settings bucket = S3Proxy.get().newBucket("deid/");
    relay = new TcpForwarder(S3Proxy.get().endpoint());
    storage =
        new S3ObjectStorage(
            new S3Settings(
                bucket.bucket(),
                bucket.prefix(),
                Optional.of(relay.endpoint()),
                Optional.empty(),
                bucket.partSize(),
                bucket.listPageSize(),
                true),
            S3Proxy.credentials());
    server = TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.of(storage));
    Api admin = Api.as(server.port(), Fixture.adminKey(dir));
    apiKey = Fixture.client(admin, "clinic-a").apiKey();
    api = Api.as(server.port(), apiKey);
  }

  @AfterEach
  void stop() {
    server.close();
    storage.close();
    relay.close();
  }

  @Test
  void uploadSubmitWaitDownload_filesLiveInTheBucket() {
    byte[] input = INPUT.getBytes(StandardCharsets.UTF_8);
    assertThat(api.put("/v1/files/inbox/patients.csv", input).status()).isEqualTo(201);

    JsonNode job =
        Fixture.awaitTerminal(api, Fixture.submit(api, List.of("inbox/patients.csv"), "out/"));

    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    Api.Response output = api.get("/v1/files/out/patients.csv");
    assertThat(output.status()).isEqualTo(200);
    assertThat(output.text()).isEqualTo(LineEngine.expectedOutput(INPUT));
    assertThat(api.get("/v1/files?prefix=out/").json().get("files"))
        .extracting(f -> f.get("key").asText())
        .containsExactly("out/patients.csv", "out/patients.report.json");
    try (S3Client raw = S3Proxy.get().client()) {
      List<String> keys =
          raw
              .listObjectsV2(b -> b.bucket(storage.settings().bucket()).prefix("deid/objects/"))
              .contents()
              .stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys)
          .anyMatch(k -> k.matches("deid/objects/clients/[^/]+/inbox/patients\\.csv"))
          .anyMatch(k -> k.matches("deid/objects/clients/[^/]+/out/patients\\.csv"))
          .anyMatch(k -> k.matches("deid/objects/clients/[^/]+/out/patients\\.report\\.json"));
    }
  }

  @Test
  void storageUnreachable_jobIsRetriedThenFailsNamingTheStorageError() throws Exception {
    // submit while no worker runs, then lose the storage and start the workers
    server.close();
    server = TestServer.start(withWorkers(0), new LineEngine(), Optional.of(storage));
    api = Api.as(server.port(), apiKey);
    api.put("/v1/files/in/a.csv", INPUT.getBytes(StandardCharsets.UTF_8));
    String jobId = Fixture.submit(api, List.of("in/a.csv"), "out/");
    server.close();
    relay.goOffline();
    server = TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.of(storage));
    api = Api.as(server.port(), apiKey);

    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(3);
    assertThat(job.get("reason").asText())
        .contains("StorageUnavailableException", "gave up after 3 attempts");
  }

  private ServerSettings withWorkers(int threads) {
    ServerSettings settings = TestServer.settings(dir);
    WorkerSettings w = settings.workers();
    return settings.withWorkers(
        new WorkerSettings(
            threads, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry()));
  }
}
