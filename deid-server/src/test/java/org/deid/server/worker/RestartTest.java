package org.deid.server.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.config.ServerSettings;
import org.deid.server.job.JobEvent;
import org.deid.server.job.JobState;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs survive a graceful restart and a dead worker, and each finishes exactly once. */
class RestartTest {
  @TempDir Path dir;

  private static ServerSettings oneWorker(Path dir) {
    ServerSettings settings = TestServer.settings(dir);
    var w = settings.workers();
    return settings.withWorkers(
        new WorkerSettings(1, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry()));
  }

  @Test
  void restart_withQueuedAndRunningJobs_everyJobFinishesExactlyOnce() throws Exception {
    LineEngine held = new LineEngine();
    held.close();
    DeidServer first = TestServer.start(oneWorker(dir), held, Optional.empty());
    Fixture.ClientSetup client =
        Fixture.client(Api.as(first.port(), Fixture.adminKey(dir)), "clinic");
    Api api = Api.as(first.port(), client.apiKey());
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      api.put(
          "/v1/files/in/p" + i + ".csv",
          ("id\n" + i + "\n" + i + "\n").getBytes(StandardCharsets.UTF_8));
      jobs.add(Fixture.submit(api, List.of("in/p" + i + ".csv"), "out/"));
    }
    held.awaitStarted();
    assertThat(first.jobStore().countByState().get(JobState.RUNNING)).isEqualTo(1);
    assertThat(first.jobStore().countByState().get(JobState.QUEUED)).isEqualTo(4);

    first.close();

    LineEngine engine = new LineEngine();
    DeidServer second = TestServer.start(oneWorker(dir), engine, Optional.empty());
    try {
      Api again = Api.as(second.port(), client.apiKey());
      for (String jobId : jobs) {
        JsonNode job = Fixture.awaitTerminal(again, jobId);
        assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        List<JobEvent> events = second.jobStore().events(client.id(), jobId);
        assertThat(events.stream().filter(e -> e.to() == JobState.SUCCEEDED)).hasSize(1);
      }
      assertThat(engine.runs()).isEqualTo(5);
      for (int i = 0; i < 5; i++) {
        assertThat(again.get("/v1/files/out/p" + i + ".csv").text())
            .isEqualTo("id\n" + i + "\n" + i + "\n");
      }
      String released =
          jobs.stream()
              .filter(
                  id ->
                      second.jobStore().events(client.id(), id).stream()
                          .anyMatch(
                              e -> e.reason().filter(r -> r.contains("shutdown")).isPresent()))
              .findFirst()
              .orElseThrow();
      assertThat(second.jobStore().events(client.id(), released))
          .extracting(JobEvent::to)
          .containsExactly(
              JobState.SUBMITTED,
              JobState.QUEUED,
              JobState.RUNNING,
              JobState.QUEUED,
              JobState.RUNNING,
              JobState.SUCCEEDED);
    } finally {
      second.close();
    }
  }

  @Test
  void deadWorker_leaseExpires_andTheReaperGivesTheJobToAnotherWorker() throws Exception {
    ServerSettings noWorkers = TestServer.settings(dir);
    var w = noWorkers.workers();
    DeidServer first =
        TestServer.start(
            noWorkers.withWorkers(
                new WorkerSettings(
                    0, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry())),
            new LineEngine(),
            Optional.empty());
    Fixture.ClientSetup client =
        Fixture.client(Api.as(first.port(), Fixture.adminKey(dir)), "clinic");
    Api api = Api.as(first.port(), client.apiKey());
    api.put("/v1/files/in/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
    String jobId = Fixture.submit(api, List.of("in/a.csv"), "out/");
    // A worker in another process claims the job and dies without a heartbeat.
    assertThat(first.jobStore().claim("ghost-worker", Instant.now(), Duration.ofMillis(500)))
        .isPresent();
    first.close();

    DeidServer second =
        TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty());
    try {
      JsonNode job = Fixture.awaitTerminal(Api.as(second.port(), client.apiKey()), jobId);
      assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(job.get("attempts").asInt()).isEqualTo(2);
      assertThat(second.jobStore().events(client.id(), jobId))
          .extracting(e -> e.to() + e.reason().map(r -> ":" + r).orElse(""))
          .containsExactly(
              "SUBMITTED",
              "QUEUED",
              "RUNNING",
              "QUEUED:worker stopped renewing its lease",
              "RUNNING",
              "SUCCEEDED");
    } finally {
      second.close();
    }
  }
}
