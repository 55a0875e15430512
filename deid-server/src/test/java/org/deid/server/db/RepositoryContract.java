package org.deid.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.server.audit.AuditEntry;
import org.deid.server.audit.AuditLog;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.Principal;
import org.deid.server.config.ConfigException;
import org.deid.server.config.MasterKey;
import org.deid.server.job.JdbcJobStore;
import org.deid.server.job.JobOutput;
import org.deid.server.job.JobSpec;
import org.deid.server.job.JobStore;
import org.deid.server.notify.DeliveryStore;
import org.deid.server.notify.Notification;
import org.deid.server.notify.Outbox;
import org.deid.server.run.RunLog;
import org.deid.server.run.RunSummary;
import org.deid.server.tenant.Client;
import org.deid.server.tenant.NotificationTargets;
import org.deid.server.tenant.TenantRepository;
import org.deid.server.tenant.VersionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the repositories other than the job queue (tenants, API keys, audit log, run
 * summaries, the notification outbox, instance facts): one implementation over JDBC, run on every
 * database by extending this class (embedded H2 and PostgreSQL).
 */
abstract class RepositoryContract {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  Database database;

  /**
   * Opens (or reopens) the database for one test.
   *
   * @param dir a temporary folder that survives reopening within one test
   * @return the migrated database
   */
  abstract Database openDatabase(Path dir);

  @BeforeEach
  void open() {
    database = openDatabase(dir);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void clients_insertFindList_andDuplicateNameRefused() {
    TenantRepository tenants = new TenantRepository(database);
    byte[] sealed = new byte[] {1, 2, 3, (byte) 0xff};

    assertThat(tenants.insertClient(new Client("c2", "zeta", NOW), sealed)).isTrue();
    assertThat(tenants.insertClient(new Client("c1", "alpha", NOW), sealed)).isTrue();
    assertThat(tenants.insertClient(new Client("c3", "alpha", NOW), sealed)).isFalse();

    assertThat(tenants.client("c1")).contains(new Client("c1", "alpha", NOW));
    assertThat(tenants.client("nope")).isEmpty();
    assertThat(tenants.clients()).extracting(Client::name).containsExactly("alpha", "zeta");
    assertThat(tenants.sealedWebhookSecret("c2"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(sealed));
  }

  @Test
  void policiesAndKeys_areVersionedPerClient_andBlobsRoundTrip() {
    TenantRepository tenants = new TenantRepository(database);
    tenants.insertClient(new Client("c1", "a", NOW), new byte[] {1});
    tenants.insertClient(new Client("c2", "b", NOW), new byte[] {1});
    byte[] big = new byte[600_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }

    assertThat(tenants.insertPolicy("c1", bytes("policy: 1"), "sha-1", NOW)).isEqualTo(1);
    assertThat(tenants.insertPolicy("c1", big, "sha-2", NOW.plusSeconds(1))).isEqualTo(2);
    assertThat(tenants.insertPolicy("c2", bytes("policy: x"), "sha-x", NOW)).isEqualTo(1);
    assertThat(tenants.insertKeys("c1", 1, new byte[] {9, 8}, "ids", NOW)).isTrue();
    assertThat(tenants.insertKeys("c1", 1, new byte[] {7}, "again", NOW)).isFalse();

    assertThat(tenants.policy("c1", 2)).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
    assertThat(tenants.policy("c1", 3)).isEmpty();
    assertThat(tenants.policyVersions("c1"))
        .extracting(VersionInfo::version, VersionInfo::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "sha-1"),
            org.assertj.core.groups.Tuple.tuple(2, "sha-2"));
    assertThat(tenants.sealedKeys("c1", 1))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(9, 8));
    assertThat(tenants.keyVersions("c2")).isEmpty();
  }

  @Test
  void policyVersions_concurrentUploads_getDistinctNumbers() throws Exception {
    TenantRepository tenants = new TenantRepository(database);
    tenants.insertClient(new Client("c1", "a", NOW), new byte[] {1});
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> versions = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      versions.add(pool.submit(() -> tenants.insertPolicy("c1", bytes("p"), "d", NOW)));
    }
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    for (Future<Integer> version : versions) {
      seen.add(version.get());
    }
    pool.shutdown();

    assertThat(seen).hasSize(12).contains(1, 12);
  }

  @Test
  void notificationTargets_areReplacedAsAWhole() {
    TenantRepository tenants = new TenantRepository(database);
    tenants.insertClient(new Client("c1", "a", NOW), new byte[] {1});
    tenants.replaceTargets(
        "c1", new NotificationTargets(List.of("b@x.example", "a@x.example"), List.of("https://h")));
    tenants.replaceTargets("c1", new NotificationTargets(List.of("c@x.example"), List.of()));

    assertThat(tenants.targets("c1"))
        .isEqualTo(new NotificationTargets(List.of("c@x.example"), List.of()));
    assertThat(tenants.targets("other")).isEqualTo(new NotificationTargets(List.of(), List.of()));
  }

  @Test
  void apiKeys_lookUpByHash_revokeOnlyOwnKey_expire_andOneFirstAdminKey() throws Exception {
    ApiKeyRepository keys = new ApiKeyRepository(database);
    assertThat(keys.hasAdminKey()).isFalse();
    keys.insertApiKey("k1", Optional.of("c1"), "hash-1", NOW);

    assertThat(keys.lookup("hash-1", NOW).principal())
        .contains(new Principal("k1", Optional.of("c1")));
    assertThat(keys.revokeApiKey("c2", "k1", NOW)).isFalse();
    assertThat(keys.revokeApiKey("c1", "k1", NOW)).isTrue();
    assertThat(keys.lookup("hash-1", NOW).status()).isEqualTo(ApiKeyRepository.KeyStatus.INVALID);

    keys.insertApiKey("k2", Optional.of("c1"), "hash-2", NOW, Optional.of(NOW.plusSeconds(60)));
    assertThat(keys.lookup("hash-2", NOW).status()).isEqualTo(ApiKeyRepository.KeyStatus.ACTIVE);
    assertThat(keys.lookup("hash-2", NOW.plusSeconds(60)).status())
        .isEqualTo(ApiKeyRepository.KeyStatus.EXPIRED);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Boolean>> racing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "admin" + i;
      racing.add(pool.submit(() -> keys.insertFirstAdminKey(id, "admin-hash-" + id, NOW)));
    }
    int issued = 0;
    for (Future<Boolean> r : racing) {
      issued += r.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(issued).isEqualTo(1);
    assertThat(keys.hasAdminKey()).isTrue();
  }

  @Test
  void auditLog_keepsNewestFirst() {
    AuditLog audit = new AuditLog(database);
    for (int i = 0; i < 5; i++) {
      audit.record(
          new AuditEntry(NOW.plusSeconds(i), "admin:k", "GET", "/v1/jobs/{id}", 200 + i, i, "::1"));
    }

    assertThat(audit.recent(3)).extracting(AuditEntry::status).containsExactly(204, 203, 202);
  }

  @Test
  void runLog_storesValidatedSummaries_perClient() {
    RunLog runs = new RunLog(database);
    RunSummary summary =
        RunSummary.parse(
            bytes(
                "{\"toolVersion\":\"0.1.0\",\"policyVersion\":2,\"keysVersion\":1,"
                    + "\"keyIds\":[\"663622566\"],\"files\":[{\"input\":\"p.csv\","
                    + "\"inputBytes\":100,\"output\":\"p.csv\",\"outputBytes\":90,\"rowsRead\":3,"
                    + "\"rowsWritten\":2,\"rowsRejected\":1}],"
                    + "\"startedAt\":\"2026-12-03T20:00:00Z\",\"durationMillis\":1234,"
                    + "\"exitStatus\":0}"));
    runs.insert(new RunLog.StoredRun("r1", "c1", "k1", NOW, summary));
    runs.insert(new RunLog.StoredRun("r2", "c1", "k1", NOW.plusSeconds(1), summary));
    runs.insert(new RunLog.StoredRun("r3", "c2", "k2", NOW, summary));

    assertThat(runs.recent("c1", 10)).extracting(RunLog.StoredRun::id).containsExactly("r2", "r1");
    assertThat(runs.recent("c1", 1)).hasSize(1);
    assertThat(runs.recent("c1", 10).get(0).summary()).isEqualTo(summary);
  }

  @Test
  void deliveries_scheduledWithTheTerminalState_claimedOncePerLease_perChannel() {
    TenantRepository tenants = new TenantRepository(database);
    tenants.insertClient(new Client("c1", "a", NOW), new byte[] {1});
    tenants.replaceTargets(
        "c1", new NotificationTargets(List.of("ops@x.example"), List.of("https://hook")));
    JobStore jobs = new JdbcJobStore(database);
    jobs.submit(
        "j1", new JobSpec("c1", List.of("in/a"), "out/", 1, 1, 0, 3, Optional.empty()), NOW);
    assertThat(jobs.claim("w1", NOW, Duration.ofMinutes(1))).isPresent();
    jobs.succeed("j1", "w1", List.of(new JobOutput("in/a", "out/a", "out/a.r", 5, 4, 1)), NOW);
    DeliveryStore store = new DeliveryStore(database);
    Outbox<Notification> deliveries = store.outbox();

    List<Outbox.Delivery<Notification>> hooks =
        deliveries.claimDue(NOW, Duration.ofMinutes(2), 10, Set.of("WEBHOOK"));
    assertThat(hooks)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.target()).isEqualTo("https://hook");
              assertThat(d.message().jobId()).isEqualTo("j1");
              assertThat(d.message().rowsRead()).isEqualTo(5);
            });
    assertThat(deliveries.claimDue(NOW, Duration.ofMinutes(2), 10, Set.of("WEBHOOK"))).isEmpty();
    List<Outbox.Delivery<Notification>> mails =
        deliveries.claimDue(NOW, Duration.ofMinutes(2), 10, Set.of("EMAIL", "WEBHOOK"));
    assertThat(mails).extracting(Outbox.Delivery::channel).containsExactly("EMAIL");

    deliveries.markSent(hooks.get(0).id(), 1);
    deliveries.reschedule(mails.get(0).id(), 1, NOW.plusSeconds(5), "smtp down");
    assertThat(
            deliveries.claimDue(
                NOW.plusSeconds(5), Duration.ofMinutes(2), 10, Set.of("EMAIL", "WEBHOOK")))
        .extracting(Outbox.Delivery::attempts)
        .containsExactly(1);
    assertThat(store.count("j1", "WEBHOOK", "SENT")).isEqualTo(1);
    assertThat(store.count("j1", "EMAIL", "PENDING")).isEqualTo(1);
  }

  @Test
  void masterKeyCheck_firstKeyRecorded_otherKeyRefused() {
    InstanceFacts facts = new InstanceFacts(database);
    byte[] first = new byte[32];
    byte[] other = new byte[32];
    other[0] = 1;
    facts.verifyMasterKey(MasterKey.of(first.clone()), NOW);
    facts.verifyMasterKey(MasterKey.of(first.clone()), NOW);

    assertThatThrownBy(() -> facts.verifyMasterKey(MasterKey.of(other), NOW))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not the one this database was created with");
    assertThat(facts.insertIfAbsent("x", new byte[] {1}, NOW)).isTrue();
    assertThat(facts.insertIfAbsent("x", new byte[] {2}, NOW)).isFalse();
    assertThat(facts.read("x")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
  }
}
