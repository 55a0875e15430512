package org.deid.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deid.server.DeidServer;
import org.deid.server.config.ServerSettings;
import org.deid.server.job.Job;
import org.deid.server.job.JobEvent;
import org.deid.server.job.JobState;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestPostgres;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.TestWorkerMain;
import org.deid.server.testing.WorkerProcess;
import org.deid.server.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the scaled-out deployment, with real processes: an API node on PostgreSQL with no
 * workers of its own, and worker processes (separate JVMs) on a shared storage folder. A worker is
 * killed with SIGKILL in the middle of a job, ten times; PostgreSQL is restarted while jobs are
 * being submitted and run.
 */
class WorkerProcessFaultTest {
  private static final long LEASE_MILLIS = 1200;

  @TempDir Path dir;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private DeidServer server;

  @AfterEach
  void stop() {
    workers.forEach(WorkerProcess::close);
    if (server != null) {
      server.close();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(TestServer.ENV);
    env.putAll(TestPostgres.env());
    return env;
  }

  private DeidServer apiNode(String dbUrl, Path storage, long leaseMillis) throws Exception {
    ServerSettings base = TestServer.settings(dir.resolve("api"));
    WorkerSettings w = base.workers();
    ServerSettings settings =
        base.withDatabase(Optional.of(TestPostgres.settings(dbUrl)))
            .withMaxAttempts(6)
            .withWorkers(
                new WorkerSettings(
                    0,
                    Duration.ofMillis(leaseMillis),
                    w.heartbeat(),
                    w.poll(),
                    w.attemptTimeout(),
                    w.retry()));
    return DeidServer.start(
        settings,
        new LineEngine(),
        Optional.of(new LocalObjectStorage(storage)),
        env(),
        Clock.systemUTC());
  }

  private WorkerProcess startWorker(String dbUrl, Path storage, long millisPerLine, long lease) {
    WorkerProcess worker =
        WorkerProcess.start(
            TestWorkerMain.class.getName(),
            List.of(
                dbUrl,
                storage.toUri().toString(),
                Long.toString(millisPerLine),
                Long.toString(lease)),
            env(),
            dir.resolve("worker-" + workers.size() + ".log"));
    workers.add(worker);
    return worker;
  }

  private static String input(int lines) {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 0; i < lines; i++) {
      text.append(i).append(",patient ").append(i).append('\n');
    }
    return text.toString();
  }

  private static long pidOf(String workerId) {
    return Long.parseLong(workerId.split(":", -1)[1]);
  }

  @Test
  void workerKilledMidJob_tenTimes_eachJobCompletesOnceOnAnotherWorker() throws Exception {
    String db = TestPostgres.shared().newDatabaseUrl();
    Path storage = Files.createDirectories(dir.resolve("storage"));
    server = apiNode(db, storage, LEASE_MILLIS);
    Fixture.ClientSetup client =
        Fixture.client(Api.as(server.port(), Fixture.adminKey(dir.resolve("api"))), "clinic");
    Api api = Api.as(server.port(), client.apiKey());
    for (int i = 0; i < 2; i++) {
      startWorker(db, storage, 40, LEASE_MILLIS).awaitLog("ready ", Duration.ofSeconds(60));
    }
    String input = input(24);
    assertThat(api.put("/v1/files/in/p.csv", input.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(201);

    for (int round = 0; round < 10; round++) {
      String jobId = Fixture.submit(api, List.of("in/p.csv"), "out" + round + "/");
      Job running = awaitMidJob(client.id(), jobId);
      String killedId = running.leaseOwner().orElseThrow();
      WorkerProcess victim =
          workers.stream().filter(p -> p.pid() == pidOf(killedId)).findFirst().orElseThrow();
      victim.kill9();
      workers.remove(victim);
      startWorker(db, storage, 40, LEASE_MILLIS);

      JsonNode done = Fixture.awaitTerminal(api, jobId);

      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
      assertThat(api.get("/v1/files/out" + round + "/p.csv").text())
          .isEqualTo(LineEngine.expectedOutput(input));
      assertThat(api.get("/v1/files?prefix=out" + round + "/").json().get("files"))
          .extracting(f -> f.get("key").asText())
          .containsExactly("out" + round + "/p.csv", "out" + round + "/p.report.json");
      List<JobEvent> events = server.jobStore().events(client.id(), jobId);
      List<JobEvent> starts = events.stream().filter(e -> e.to() == JobState.RUNNING).toList();
      List<JobEvent> successes = events.stream().filter(e -> e.to() == JobState.SUCCEEDED).toList();
      assertThat(successes).as(events.toString()).hasSize(1);
      assertThat(starts.get(0).workerId()).contains(killedId);
      assertThat(events)
          .anyMatch(
              e ->
                  e.to() == JobState.QUEUED
                      && e.workerId().equals(Optional.of(killedId))
                      && e.reason().equals(Optional.of("worker stopped renewing its lease")));
      String finisher = successes.get(0).workerId().orElseThrow();
      assertThat(finisher).isNotEqualTo(killedId);
      assertThat(starts.get(starts.size() - 1).workerId()).contains(finisher);
      assertThat(done.get("attempts").asInt()).isEqualTo(starts.size()).isGreaterThanOrEqualTo(2);
    }
  }

  /** Waits until a worker holds the job and has processed a few rows (heartbeats record them). */
  private Job awaitMidJob(String clientId, String jobId) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      Job job = server.jobStore().find(clientId, jobId).orElseThrow();
      if (job.state() == JobState.RUNNING && job.rowsDone() >= 2 && job.leaseOwner().isPresent()) {
        return job;
      }
      assertThat(job.state().isTerminal())
          .as(
              "finished before it could be killed: %s %s",
              job, server.jobStore().events(clientId, jobId))
          .isFalse();
      Fixture.sleep(20);
    }
    throw new AssertionError("job " + jobId + " did not start");
  }

  @Test
  void postgresRestartedUnderLoad_apiAndWorkerRecover_andNoJobIsLost() throws Exception {
    try (TestPostgres postgres = TestPostgres.dedicated()) {
      String db = postgres.newDatabaseUrl();
      Path storage = Files.createDirectories(dir.resolve("storage"));
      server = apiNode(db, storage, 3000);
      Fixture.ClientSetup client =
          Fixture.client(Api.as(server.port(), Fixture.adminKey(dir.resolve("api"))), "clinic");
      Api api = Api.as(server.port(), client.apiKey());
      WorkerProcess worker =
          startWorker(db, storage, 5, 3000).awaitLog("ready ", Duration.ofSeconds(60));
      String input = input(20);
      api.put("/v1/files/in/p.csv", input.getBytes(StandardCharsets.UTF_8));

      int total = 30;
      Map<Integer, String> jobIds = new ConcurrentHashMap<>();
      ExecutorService submitter = Executors.newSingleThreadExecutor();
      Future<Integer> retried = submitter.submit(() -> submitAll(api, total, jobIds));
      while (jobIds.size() < 8) {
        Fixture.sleep(20);
      }
      postgres.stop();
      Instant restartedAt = Instant.now().plusSeconds(2);
      Fixture.sleep(2000);
      postgres.start();
      retried.get(180, TimeUnit.SECONDS);
      submitter.shutdown();

      assertThat(jobIds).hasSize(total);
      assertThat(jobIds.values()).doesNotHaveDuplicates();
      for (Map.Entry<Integer, String> entry : jobIds.entrySet()) {
        JsonNode done = Fixture.awaitTerminal(api, entry.getValue());
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/v1/files/out" + entry.getKey() + "/p.csv").text())
            .isEqualTo(LineEngine.expectedOutput(input));
        List<JobEvent> events = server.jobStore().events(client.id(), entry.getValue());
        assertThat(events.stream().filter(e -> e.to() == JobState.SUCCEEDED)).hasSize(1);
      }
      assertThat(api.get("/v1/jobs?limit=100").json().get("jobs")).hasSize(total);
      assertThat(worker.isAlive()).as(worker.log()).isTrue();
      assertThat(
              jobIds.values().stream()
                  .map(id -> server.jobStore().events(client.id(), id))
                  .map(ev -> ev.get(ev.size() - 1).at())
                  .filter(at -> at.isAfter(restartedAt)))
          .as("jobs finished by the worker after the restart")
          .isNotEmpty();
    }
  }

  /**
   * Submits jobs one by one with idempotency keys, retrying each until the API accepts it.
   *
   * @return how many submissions were refused (the database was down) and retried
   */
  private static int submitAll(Api api, int total, Map<Integer, String> jobIds) {
    int refused = 0;
    for (int k = 0; k < total; k++) {
      Map<String, Object> body =
          Map.of(
              "inputs",
              List.of("in/p.csv"),
              "outputPrefix",
              "out" + k + "/",
              "idempotencyKey",
              "job-" + k);
      while (true) {
        Api.Response response;
        try {
          response = api.post("/v1/jobs", body);
        } catch (RuntimeException e) {
          response = null;
        }
        if (response != null && (response.status() == 201 || response.status() == 200)) {
          jobIds.put(k, response.json().get("id").asText());
          break;
        }
        refused++;
        Fixture.sleep(200);
      }
      Fixture.sleep(50);
    }
    return refused;
  }
}
