package org.deid.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.server.activity.ActivityKind;
import org.deid.server.activity.ActivityLog;
import org.deid.server.audit.AuditLog;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.config.MasterKey;
import org.deid.server.db.Database;
import org.deid.server.job.JdbcJobStore;
import org.deid.server.job.Job;
import org.deid.server.job.JobRequest;
import org.deid.server.job.JobService;
import org.deid.server.job.QueueSignal;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.storage.StoredObject;
import org.deid.server.tenant.TenantRepository;
import org.deid.server.tenant.TenantService;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several API nodes deciding the same landed file at the same moment (one database, one storage,
 * one inbox service per node) start exactly one job; a node that dies after submitting the job
 * leaves no duplicate behind when another node takes over its claim. On embedded H2 here, on
 * PostgreSQL in {@link PostgresInboxNodesTest}.
 */
class InboxNodesTest {
  private static final int NODES = 4;

  @TempDir Path dir;
  private Database database;
  private LocalObjectStorage storage;
  private TenantService tenants;
  private final List<InboxService> nodes = new ArrayList<>();
  private final List<JobService> jobServices = new ArrayList<>();
  private ActivityLog activity;
  private String clientId;

  /**
   * Opens the database the nodes share (embedded H2 here; PostgreSQL in the subclass).
   *
   * @param folder a temporary folder
   * @return the migrated database
   */
  Database openDatabase(Path folder) {
    return Database.openEmbedded(folder.resolve("db"));
  }

  @BeforeEach
  void start() throws Exception {
    database = openDatabase(dir);
    storage = new LocalObjectStorage(dir.resolve("storage"));
    SecureRandom random = new SecureRandom();
    ApiKeys ids = new ApiKeys(random);
    Clock clock = Clock.systemUTC();
    TenantRepository tenantRepository = new TenantRepository(database);
    tenants =
        new TenantService(
            tenantRepository,
            new ApiKeyRepository(database),
            MasterKey.load(TestServer.ENV, dir).key(),
            ids,
            new LineEngine(),
            random,
            clock);
    activity = new ActivityLog(database);
    InboxSettings timing =
        new InboxSettings(
            Duration.ZERO, Duration.ofMillis(50), Duration.ofHours(1), Duration.ofMillis(300));
    for (int i = 0; i < NODES; i++) {
      JobService jobs =
          new JobService(new JdbcJobStore(database), tenantRepository, storage, ids, clock, 3);
      jobServices.add(jobs);
      nodes.add(
          new InboxService(
              new InboxRepository(database),
              tenants,
              jobs,
              new QueueSignal(),
              storage,
              activity,
              new AuditLog(database),
              ids,
              clock,
              timing,
              "node-" + i));
    }
    clientId = tenants.createClient("clinic").client().id();
    tenants.storePolicy(clientId, "policy: test\n".getBytes(StandardCharsets.UTF_8));
    tenants.storeKeys(clientId, "{\"keys\": 1}".getBytes(StandardCharsets.UTF_8));
    nodes.get(0).setRule(clientId, "inbox/*.csv", "out/", null);
  }

  @AfterEach
  void stop() {
    nodes.forEach(InboxService::close);
    database.close();
  }

  private StoredObject store(String key, String content) throws Exception {
    return new ClientFiles(storage, clientId)
        .put(
            key,
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
            1 << 20,
            Optional.empty());
  }

  private int jobs() {
    return new JdbcJobStore(database).list(clientId, 100).size();
  }

  @Test
  void everyNodeDecidingTheSameFileAtOnce_startsExactlyOneJob() throws Exception {
    StoredObject file = store("inbox/a.csv", "id\n1\n");
    ExecutorService threads = Executors.newFixedThreadPool(NODES);
    try {
      for (int round = 0; round < 5; round++) {
        CyclicBarrier barrier = new CyclicBarrier(NODES);
        List<Future<Integer>> claims = new ArrayList<>();
        for (InboxService node : nodes) {
          claims.add(
              threads.submit(
                  () -> {
                    node.landed(clientId, file, "http");
                    barrier.await();
                    return node.decideDue();
                  }));
        }
        int claimed = 0;
        for (Future<Integer> f : claims) {
          claimed += f.get();
        }
        assertThat(claimed).as("round " + round).isLessThanOrEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(jobs()).isEqualTo(1);
    assertThat(nodes.get(0).starts(clientId, 10)).hasSize(1);
    assertThat(activity.recent(clientId, 100))
        .filteredOn(e -> e.kind() == ActivityKind.INBOX_JOB_STARTED)
        .hasSize(1);
  }

  @Test
  void aNodeThatDiedAfterSubmitting_isTakenOverWithoutADuplicateJob() throws Exception {
    StoredObject file = store("inbox/b.csv", "id\n2\n");
    InboxRepository repository = new InboxRepository(database);
    nodes.get(0).landed(clientId, file, "sftp");
    InboxRepository.FileRow row = repository.due(java.time.Instant.now(), 10).get(0);
    java.time.Instant claimEnds = java.time.Instant.now().plusSeconds(3);
    InboxRepository.FileRow claimed =
        repository.claim(row, "dead-node", java.time.Instant.now(), claimEnds).orElseThrow();
    InboxRule rule = nodes.get(0).rules(clientId).get(0);
    assertThat(repository.chooseRule(claimed, "dead-node", rule.id())).isTrue();
    Job submitted =
        jobServices
            .get(0)
            .submit(
                clientId,
                new JobRequest(
                    List.of("inbox/b.csv"),
                    "out/",
                    null,
                    null,
                    InboxService.idempotencyKey(rule.id(), claimed)));
    // the dead node never records the start; its claim expires
    assertThat(nodes.get(1).decideDue()).as("the claim still holds").isZero();
    Fixture.sleep(
        Math.max(0, Duration.between(java.time.Instant.now(), claimEnds).toMillis()) + 100);

    assertThat(nodes.get(1).decideDue() + nodes.get(2).decideDue()).isEqualTo(1);

    assertThat(jobs()).isEqualTo(1);
    List<InboxStart> starts = nodes.get(0).starts(clientId, 10);
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).jobId()).isEqualTo(submitted.id());
    assertThat(repository.file(clientId, "inbox/b.csv").orElseThrow().state())
        .isEqualTo(InboxRepository.FileState.STARTED);
  }
}
