package org.deid.server.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.FlakyStorage;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFailureTest {
  @TempDir Path dir;
  private DeidServer server;
  private final LineEngine engine = new LineEngine();
  private Api api;
  private WebhookListener webhook;

  private void start(int storageFailures) throws Exception {
    start(storageFailures, TestServer.settings(dir));
  }

  private void start(int storageFailures, org.deid.server.config.ServerSettings settings)
      throws Exception {
    webhook = new WebhookListener();
    server =
        TestServer.start(
            settings,
            engine,
            Optional.of(
                new FlakyStorage(new LocalObjectStorage(dir.resolve("files")), storageFailures)));
    Api admin = Api.as(server.port(), Fixture.adminKey(dir));
    Fixture.ClientSetup client = Fixture.client(admin, "clinic");
    admin.putJson(
        "/v1/admin/clients/" + client.id() + "/notifications",
        Map.of("emails", List.of(), "webhooks", List.of(webhook.url())));
    api = Api.as(server.port(), client.apiKey());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  private void awaitWebhooks(int count) {
    for (int i = 0; i < 3000 && webhook.calls().size() < count; i++) {
      Fixture.sleep(20);
    }
  }

  @Test
  void malformedInput_failsOnceWithAClearReason_noOutput_oneNotification() throws Exception {
    start(0);
    api.put(
        "/v1/files/in/bad.csv", "id,name\n1,ana\n2,MALFORMED\n".getBytes(StandardCharsets.UTF_8));

    String jobId = Fixture.submit(api, List.of("in/bad.csv"), "out/");
    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
    assertThat(job.get("reason").asText()).isEqualTo("bad.csv: line 3: malformed record");
    assertThat(job.get("reason").asText()).doesNotContain("ana");
    assertThat(api.get("/v1/files?prefix=out/").json().get("files")).isEmpty();
    awaitWebhooks(1);
    Fixture.sleep(300);
    assertThat(webhook.calls()).hasSize(1);
    assertThat(new String(webhook.calls().get(0).body(), StandardCharsets.UTF_8))
        .contains("\"state\":\"FAILED\"", jobId)
        .doesNotContain("ana");
  }

  @Test
  void transientStorageError_isRetried_andTheJobSucceeds() throws Exception {
    start(1);
    api.put("/v1/files/in/flaky.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));

    String jobId = Fixture.submit(api, List.of("in/flaky.csv"), "out/");
    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.get("attempts").asInt()).isEqualTo(2);
    assertThat(api.get("/v1/jobs/" + jobId + "/events").json().get("events"))
        .extracting(e -> e.get("to").asText() + ":" + e.path("reason").asText(""))
        .containsExactly(
            "SUBMITTED:",
            "QUEUED:",
            "RUNNING:",
            "QUEUED:storage or I/O error (IOException)",
            "RUNNING:",
            "SUCCEEDED:");
  }

  @Test
  void persistentStorageError_stopsAtTheMaximum_andFailsWithOneNotification() throws Exception {
    start(1000);
    api.put("/v1/files/in/flaky.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));

    String jobId = Fixture.submit(api, List.of("in/flaky.csv"), "out/");
    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(3);
    assertThat(job.get("reason").asText()).contains("gave up after 3 attempts");
    awaitWebhooks(1);
    Fixture.sleep(300);
    assertThat(webhook.calls()).hasSize(1);
  }

  @Test
  void cancel_runningJob_stopsIt_andCommitsNothing() throws Exception {
    start(0);
    engine.close();
    api.put("/v1/files/in/a.csv", "id\n1\n2\n".getBytes(StandardCharsets.UTF_8));
    String jobId = Fixture.submit(api, List.of("in/a.csv"), "out/");
    engine.awaitStarted();
    assertThat(api.get("/v1/jobs/" + jobId).json().get("state").asText()).isEqualTo("RUNNING");

    Api.Response cancel = api.post("/v1/jobs/" + jobId + "/cancel", Map.of());
    assertThat(cancel.status()).isEqualTo(200);
    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("CANCELLED");
    assertThat(api.get("/v1/files?prefix=out/").json().get("files")).isEmpty();
    assertThat(api.post("/v1/jobs/" + jobId + "/cancel", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void progress_isVisibleWhileRunning() throws Exception {
    start(0);
    engine.close();
    api.put("/v1/files/in/a.csv", "id\n1\n2\n".getBytes(StandardCharsets.UTF_8));
    String jobId = Fixture.submit(api, List.of("in/a.csv"), "out/");
    engine.awaitStarted();

    JsonNode running = api.get("/v1/jobs/" + jobId).json();
    for (int i = 0; i < 3000 && running.get("rowsDone").asLong() == 0; i++) {
      Fixture.sleep(20);
      running = api.get("/v1/jobs/" + jobId).json();
    }
    assertThat(running.get("state").asText()).isEqualTo("RUNNING");
    assertThat(running.get("rowsDone").asLong()).isEqualTo(1);
    engine.open();
    assertThat(Fixture.awaitTerminal(api, jobId).get("rowsDone").asLong()).isEqualTo(2);
  }

  @Test
  void attemptTimeout_stopsTheAttempt_retriesAndFailsAtTheMaximum() throws Exception {
    var base = TestServer.settings(dir);
    var w = base.workers();
    start(
        0,
        base.withMaxAttempts(2)
            .withWorkers(
                new WorkerSettings(
                    w.threads(),
                    w.lease(),
                    w.heartbeat(),
                    w.poll(),
                    java.time.Duration.ofMillis(300),
                    w.retry())));
    engine.close();
    api.put("/v1/files/in/slow.csv", "id\n1\n2\n".getBytes(StandardCharsets.UTF_8));

    String jobId = Fixture.submit(api, List.of("in/slow.csv"), "out/");
    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(2);
    assertThat(job.get("reason").asText()).contains("timed out", "gave up after 2 attempts");
    assertThat(api.get("/v1/files?prefix=out/").json().get("files")).isEmpty();
    assertThat(engine.runs()).isEqualTo(2);
  }

  @Test
  void metrics_countRowsAndTimeJobs() throws Exception {
    start(0);
    api.put("/v1/files/in/a.csv", "id\n1\n2\n".getBytes(StandardCharsets.UTF_8));
    Fixture.awaitTerminal(api, Fixture.submit(api, List.of("in/a.csv"), "out/"));

    String metrics = new Api(server.port(), Optional.empty()).get("/metrics").text();

    assertThat(metrics)
        .contains(
            "deid_rows_processed_total 2.0",
            "deid_job_duration_seconds_count 1",
            "deid_jobs{state=\"SUCCEEDED\"} 1.0");
  }
}
