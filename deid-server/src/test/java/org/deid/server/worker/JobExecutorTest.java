package org.deid.server.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.config.MasterKey;
import org.deid.server.db.Database;
import org.deid.server.job.Job;
import org.deid.server.job.JobSpec;
import org.deid.server.job.JobState;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.tenant.TenantRepository;
import org.deid.server.tenant.TenantService;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobExecutorTest {
  private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");

  @TempDir Path dir;
  private Database database;
  private TenantService tenants;
  private JobExecutor executor;
  private String clientId;

  @BeforeEach
  void start() throws Exception {
    database = Database.openEmbedded(dir.resolve("db"));
    SecureRandom random = new SecureRandom();
    LineEngine engine = new LineEngine();
    tenants =
        new TenantService(
            new TenantRepository(database),
            new ApiKeyRepository(database),
            MasterKey.load(TestServer.ENV, dir).key(),
            new ApiKeys(random),
            engine,
            random,
            Clock.systemUTC());
    clientId = tenants.createClient("clinic").client().id();
    tenants.storePolicy(clientId, "policy: p\n".getBytes(StandardCharsets.UTF_8));
    tenants.storeKeys(clientId, "{\"keys\": 1}".getBytes(StandardCharsets.UTF_8));
    executor = new JobExecutor(engine, tenants, new LocalObjectStorage(dir.resolve("files")));
  }

  private boolean closed;

  @AfterEach
  void stop() {
    if (!closed) {
      database.close();
    }
  }

  private Job job(int keysVersion) {
    JobSpec spec =
        new JobSpec(clientId, List.of("in/a.csv"), "out/", 1, keysVersion, 0, 3, Optional.empty());
    return new Job(
        "j1",
        spec,
        JobState.RUNNING,
        1,
        NOW,
        Optional.of("w1"),
        0,
        false,
        List.of(),
        Optional.empty(),
        NOW,
        NOW,
        Optional.empty(),
        1);
  }

  @Test
  void run_databaseUnavailableWhileReadingPolicyAndKeys_isTransient() {
    database.close();
    closed = true;

    AttemptOutcome outcome = executor.run(job(1), new AttemptControl(NOW));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Transient.class);
    assertThat(((AttemptOutcome.Transient) outcome).reason())
        .startsWith("the stored policy or keys cannot be read now");
  }

  @Test
  void run_keysVersionThatDoesNotExist_isRejected() {
    AttemptOutcome outcome = executor.run(job(99), new AttemptControl(NOW));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Rejected.class);
    assertThat(((AttemptOutcome.Rejected) outcome).reason())
        .isEqualTo("the stored policy or keys cannot be read (TenantException)");
  }
}
