package org.deid.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.DeidWorker;
import org.deid.server.config.ServerSettings;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestPostgres;
import org.deid.server.testing.TestServer;
import org.deid.server.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker of another process starts a job as soon as an API node queues it (PostgreSQL {@code
 * LISTEN}/{@code NOTIFY}), not at its next poll: the worker here polls once a minute, and a
 * restarted database only delays wake-ups until the listener is back.
 */
class QueueNotificationTest {
  private static final Duration RARE_POLL = Duration.ofSeconds(60);

  @TempDir Path dir;
  private DeidServer node;
  private DeidWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(TestServer.ENV);
    env.putAll(TestPostgres.env());
    return env;
  }

  private static WorkerSettings threads(WorkerSettings w, int threads) {
    return new WorkerSettings(
        threads, w.lease(), w.heartbeat(), RARE_POLL, w.attemptTimeout(), w.retry());
  }

  private void start(DatabaseSettings db) throws Exception {
    ServerSettings base = TestServer.settings(dir.resolve("api"));
    node =
        DeidServer.start(
            base.withDatabase(Optional.of(db)).withWorkers(threads(base.workers(), 0)),
            new LineEngine(),
            Optional.of(new LocalObjectStorage(dir.resolve("storage"))),
            env(),
            Clock.systemUTC());
    worker =
        DeidWorker.start(
            new DeidWorker.Settings(
                db, threads(base.workers(), 2), TestServer.settings(dir).notifications()),
            new LineEngine(),
            new LocalObjectStorage(dir.resolve("storage")),
            env(),
            Clock.systemUTC());
  }

  /** Submits a job and returns how long it took to finish. */
  private static Duration runJob(Api api, int n) {
    Instant submitted = Instant.now();
    String jobId = Fixture.submit(api, List.of("in/a.csv"), "out" + n + "/");
    JsonNode done = Fixture.awaitTerminal(api, jobId);
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    return Duration.between(submitted, Instant.now());
  }

  @Test
  void aJobQueuedOnAnApiNode_wakesTheIdleWorkerOfAnotherProcess_beforeItsPoll() throws Exception {
    start(TestPostgres.settings(TestPostgres.shared().newDatabaseUrl()));
    Api admin = Api.as(node.port(), Fixture.adminKey(dir.resolve("api")));
    Api api = Api.as(node.port(), Fixture.client(admin, "clinic").apiKey());
    api.put("/v1/files/in/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
    Fixture.sleep(1500);

    for (int i = 0; i < 3; i++) {
      assertThat(runJob(api, i))
          .as("finished long before the worker's next poll")
          .isLessThan(RARE_POLL.dividedBy(3));
      Fixture.sleep(500);
    }
  }

  @Test
  void afterTheDatabaseRestarts_theListenerReconnects_andWakeUpsResume() throws Exception {
    try (TestPostgres postgres = TestPostgres.dedicated()) {
      start(TestPostgres.settings(postgres.newDatabaseUrl()));
      Api admin = Api.as(node.port(), Fixture.adminKey(dir.resolve("api")));
      Api api = Api.as(node.port(), Fixture.client(admin, "clinic").apiKey());
      api.put("/v1/files/in/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
      assertThat(runJob(api, 0)).isLessThan(RARE_POLL.dividedBy(3));

      postgres.stop();
      Fixture.sleep(1000);
      postgres.start();
      // the pool and the listener reconnect (the listener backs off from 1 s)
      Fixture.sleep(8000);

      assertThat(runJob(api, 1))
          .as("woken by a notification again, not by the once-a-minute poll")
          .isLessThan(RARE_POLL.dividedBy(3));
    }
  }
}
