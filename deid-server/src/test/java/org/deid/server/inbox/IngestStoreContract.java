package org.deid.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.server.activity.ActivityEvent;
import org.deid.server.activity.ActivityKind;
import org.deid.server.activity.ActivityLog;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;
import org.deid.server.notify.Outbox;
import org.deid.server.tenant.NotificationTargets;
import org.deid.server.tenant.TenantRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the inbox tables (rules, landed files and their claims, the jobs rules started)
 * and of the client activity outbox, run on every database by extending this class (embedded H2 and
 * PostgreSQL): the decisions that several API nodes make through these tables must hold on both,
 * concurrent callers included.
 */
abstract class IngestStoreContract {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @TempDir Path dir;
  Database database;
  private InboxRepository inbox;
  private ActivityLog activity;

  /**
   * Opens the database for one test.
   *
   * @param dir a temporary folder
   * @return the migrated database
   */
  abstract Database openDatabase(Path dir);

  @BeforeEach
  void open() {
    database = openDatabase(dir);
    inbox = new InboxRepository(database);
    activity = new ActivityLog(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static InboxRule rule(String id, String client, String glob, String output) {
    return new InboxRule(id, client, glob, output, Optional.empty(), NOW, NOW);
  }

  private InboxRepository.FileRow dueRow(String client, String path) {
    return inbox.due(NOW.plusSeconds(3600), 100).stream()
        .filter(r -> r.clientId().equals(client) && r.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void rules_upsertBySameGlob_listInOrder_deleteOnlyOwn() {
    InboxRule first = inbox.upsertRule(rule("r1", "c1", "inbox/*.csv", "out/"));
    inbox.upsertRule(rule("r2", "c1", "drop/**", "drop-out/"));
    inbox.upsertRule(rule("r3", "c2", "inbox/*.csv", "out/"));
    InboxRule changed =
        inbox.upsertRule(
            new InboxRule(
                "ignored", "c1", "inbox/*.csv", "other/", Optional.of(2), NOW, NOW.plusSeconds(5)));

    assertThat(changed.id()).isEqualTo(first.id());
    assertThat(inbox.rules("c1"))
        .extracting(InboxRule::id, InboxRule::outputPrefix, InboxRule::policyVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("r1", "other/", Optional.of(2)),
            org.assertj.core.groups.Tuple.tuple("r2", "drop-out/", Optional.empty()));
    assertThat(inbox.rule("c2", "r1")).isEmpty();
    assertThat(inbox.allRules()).extracting(InboxRule::id).containsExactly("r1", "r2", "r3");
    assertThat(inbox.deleteRule("c2", "r1")).isFalse();
    assertThat(inbox.deleteRule("c1", "r1")).isTrue();
    assertThat(inbox.rules("c1")).extracting(InboxRule::id).containsExactly("r2");
  }

  @Test
  void rules_setAtOnceWithOneGlob_leaveOneRule() throws Exception {
    List<InboxRule> stored =
        concurrently(8, i -> inbox.upsertRule(rule("r" + i, "c1", "inbox/*.csv", "out" + i + "/")));

    assertThat(stored).extracting(InboxRule::id).containsOnly(inbox.rules("c1").get(0).id());
    assertThat(inbox.rules("c1")).hasSize(1);
  }

  @Test
  void arrivals_newUnchangedChanged_raiseTheGeneration_andAreKeptPerClient() {
    assertThat(inbox.recordArrival("c1", "inbox/a.csv", SHA_A, 5, "sftp", NOW, NOW))
        .isEqualTo(InboxRepository.Arrival.NEW);
    assertThat(inbox.recordArrival("c1", "inbox/a.csv", SHA_A, 5, "http", NOW.plusSeconds(9), NOW))
        .isEqualTo(InboxRepository.Arrival.UNCHANGED);
    assertThat(inbox.file("c1", "inbox/a.csv").orElseThrow().settleUntil())
        .as("the same content again extends the settle time")
        .isEqualTo(NOW.plusSeconds(9));
    assertThat(inbox.recordArrival("c1", "inbox/a.csv", SHA_B, 7, "http", NOW, NOW))
        .isEqualTo(InboxRepository.Arrival.CHANGED);
    assertThat(inbox.recordArrival("c2", "inbox/a.csv", SHA_A, 5, "sftp", NOW, NOW))
        .isEqualTo(InboxRepository.Arrival.NEW);

    InboxRepository.FileRow row = inbox.file("c1", "inbox/a.csv").orElseThrow();
    assertThat(row.generation()).isEqualTo(2);
    assertThat(row.sha256()).isEqualTo(SHA_B);
    assertThat(row.size()).isEqualTo(7);
    assertThat(row.source()).isEqualTo("http");
    assertThat(row.state()).isEqualTo(InboxRepository.FileState.SETTLING);
    assertThat(inbox.file("c2", "inbox/a.csv").orElseThrow().generation()).isEqualTo(1);
    assertThat(inbox.file("c1", "inbox/none.csv")).isEmpty();
  }

  @Test
  void arrivals_ofOnePathAtOnce_recordOneRow_withoutAnError() throws Exception {
    List<InboxRepository.Arrival> outcomes =
        concurrently(
            8, i -> inbox.recordArrival("c1", "inbox/same.csv", SHA_A, 5, "http", NOW, NOW));

    assertThat(outcomes).containsOnlyOnce(InboxRepository.Arrival.NEW);
    assertThat(inbox.file("c1", "inbox/same.csv").orElseThrow().generation()).isEqualTo(1);
  }

  @Test
  void due_onlyAfterSettling_andClaim_isWonByExactlyOneNode() throws Exception {
    inbox.recordArrival("c1", "inbox/a.csv", SHA_A, 5, "sftp", NOW.plusSeconds(2), NOW);
    assertThat(inbox.due(NOW, 10)).as("still settling").isEmpty();
    InboxRepository.FileRow row = inbox.due(NOW.plusSeconds(2), 10).get(0);

    Instant at = NOW.plusSeconds(2);
    List<Optional<InboxRepository.FileRow>> claims =
        concurrently(8, i -> inbox.claim(row, "node-" + i, at, at.plusSeconds(30)));

    List<InboxRepository.FileRow> won = claims.stream().flatMap(Optional::stream).toList();
    assertThat(won).hasSize(1);
    assertThat(won.get(0).state()).isEqualTo(InboxRepository.FileState.STARTING);
    assertThat(inbox.due(at.plusSeconds(10), 10)).as("claimed").isEmpty();
    assertThat(inbox.due(at.plusSeconds(31), 10)).as("the claim expired").hasSize(1);
  }

  @Test
  void claimedRow_isChangedOnlyByItsHolder_andANewContentEndsTheClaim() {
    inbox.recordArrival("c1", "inbox/a.csv", SHA_A, 5, "sftp", NOW, NOW);
    InboxRepository.FileRow row = dueRow("c1", "inbox/a.csv");
    InboxRepository.FileRow mine =
        inbox.claim(row, "node-1", NOW, NOW.plusSeconds(30)).orElseThrow();

    assertThat(inbox.chooseRule(mine, "node-2", "r1")).isFalse();
    assertThat(inbox.chooseRule(mine, "node-1", "r1")).isTrue();
    assertThat(inbox.file("c1", "inbox/a.csv").orElseThrow().ruleId()).contains("r1");
    assertThat(inbox.finish(mine, "node-2", InboxRepository.FileState.IGNORED, "x", NOW)).isFalse();

    inbox.recordArrival("c1", "inbox/a.csv", SHA_B, 6, "http", NOW, NOW);
    assertThat(inbox.finish(mine, "node-1", InboxRepository.FileState.REFUSED, "late", NOW))
        .as("a newer content landed meanwhile")
        .isFalse();
    InboxRepository.FileRow newer = inbox.file("c1", "inbox/a.csv").orElseThrow();
    assertThat(newer.state()).isEqualTo(InboxRepository.FileState.SETTLING);
    assertThat(newer.ruleId()).isEmpty();
    assertThat(newer.claimedBy()).isEmpty();
  }

  @Test
  void recordStart_once_duplicateIsAUniqueViolation_andStartsAreFoundPerClient() {
    inbox.recordArrival("c1", "inbox/a.csv", SHA_A, 5, "sftp", NOW, NOW);
    InboxRepository.FileRow row =
        inbox.claim(dueRow("c1", "inbox/a.csv"), "node-1", NOW, NOW.plusSeconds(30)).orElseThrow();
    database.inTransaction(
        c -> {
          inbox.recordStart(c, row, "r1", "job-1", NOW);
          return null;
        });

    assertThatThrownBy(
            () ->
                database.inTransaction(
                    c -> {
                      inbox.recordStart(c, row, "r1", "job-2", NOW);
                      return null;
                    }))
        .isInstanceOfSatisfying(
            DatabaseException.class, e -> assertThat(database.isUniqueViolation(e)).isTrue());
    InboxRepository.FileRow started = inbox.file("c1", "inbox/a.csv").orElseThrow();
    assertThat(started.state()).isEqualTo(InboxRepository.FileState.STARTED);
    assertThat(started.jobId()).contains("job-1");
    assertThat(inbox.starts("c1", 10))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.jobId()).isEqualTo("job-1");
              assertThat(s.ruleId()).isEqualTo("r1");
              assertThat(s.path()).isEqualTo("inbox/a.csv");
              assertThat(s.sha256()).isEqualTo(SHA_A);
              assertThat(s.size()).isEqualTo(5);
              assertThat(s.generation()).isEqualTo(1);
              assertThat(s.source()).isEqualTo("sftp");
            });
    assertThat(inbox.start("c1", "job-1")).isPresent();
    assertThat(inbox.start("c2", "job-1")).as("another client's job").isEmpty();
    assertThat(inbox.startsOf("c1", List.of("job-1", "job-9")).keySet()).containsExactly("job-1");
    assertThat(inbox.startsOf("c2", List.of("job-1"))).isEmpty();
    assertThat(inbox.startsOf("c1", List.of())).isEmpty();
  }

  @Test
  void markStarted_afterAnotherNodeRecordedTheStart_finishesTheRow() {
    inbox.recordArrival("c1", "inbox/a.csv", SHA_A, 5, "sftp", NOW, NOW);
    InboxRepository.FileRow row =
        inbox.claim(dueRow("c1", "inbox/a.csv"), "node-1", NOW, NOW.plusSeconds(30)).orElseThrow();

    inbox.markStarted(row, "node-1", "job-1", NOW);

    InboxRepository.FileRow started = inbox.file("c1", "inbox/a.csv").orElseThrow();
    assertThat(started.state()).isEqualTo(InboxRepository.FileState.STARTED);
    assertThat(started.claimedBy()).isEmpty();
    assertThat(inbox.due(NOW.plusSeconds(3600), 10)).isEmpty();
  }

  @Test
  void activity_schedulesWebhooksAlways_andEmailOnlyForMailedKinds_perClient() {
    targets("c1", List.of("ops@c1.example"), List.of("https://hook.c1.example/"));
    targets("c2", List.of("ops@c2.example"), List.of());
    activity.record("c1", ActivityKind.SFTP_LOGIN, Map.of("user", "c1"), NOW);
    ActivityEvent started =
        activity.record(
            "c1", ActivityKind.INBOX_JOB_STARTED, Map.of("jobId", "job-1"), NOW.plusSeconds(1));
    activity.record("c2", ActivityKind.SFTP_UPLOAD, Map.of("path", "inbox/a.csv"), NOW);

    assertThat(activity.countDeliveries("c1", ActivityKind.SFTP_LOGIN, "WEBHOOK", "PENDING"))
        .isEqualTo(1);
    assertThat(activity.countDeliveries("c1", ActivityKind.SFTP_LOGIN, "EMAIL", "PENDING"))
        .isZero();
    assertThat(activity.countDeliveries("c1", ActivityKind.INBOX_JOB_STARTED, "EMAIL", "PENDING"))
        .isEqualTo(1);
    assertThat(activity.countDeliveries("c2", ActivityKind.SFTP_UPLOAD, "EMAIL", "PENDING"))
        .isZero();
    assertThat(activity.recent("c1", 10))
        .extracting(ActivityEvent::kind)
        .containsExactly(ActivityKind.INBOX_JOB_STARTED, ActivityKind.SFTP_LOGIN);
    assertThat(activity.recent("c1", 1).get(0)).isEqualTo(started);
    assertThat(activity.recent("c2", 10)).hasSize(1);
    assertThat(activity.recent("c3", 10)).isEmpty();
  }

  @Test
  void activityClaims_leaseRows_onlyInTheGivenChannels_andOutcomesAreKept() {
    targets("c1", List.of("ops@c1.example"), List.of("https://hook.c1.example/"));
    activity.record("c1", ActivityKind.INBOX_JOB_STARTED, Map.of("jobId", "job-1"), NOW);

    List<Outbox.Delivery<ActivityEvent>> webhooks =
        activity.deliveries().claimDue(NOW, Duration.ofMinutes(2), 10, Set.of("WEBHOOK"));
    assertThat(webhooks).extracting(Outbox.Delivery::channel).containsExactly("WEBHOOK");
    assertThat(webhooks.get(0).message().details()).containsEntry("jobId", "job-1");
    assertThat(activity.deliveries().claimDue(NOW, Duration.ofMinutes(2), 10, Set.of("WEBHOOK")))
        .as("leased")
        .isEmpty();
    assertThat(activity.deliveries().claimDue(NOW, Duration.ofMinutes(2), 10, Set.of())).isEmpty();
    List<Outbox.Delivery<ActivityEvent>> emails =
        activity.deliveries().claimDue(NOW, Duration.ofMinutes(2), 10, Set.of("EMAIL", "WEBHOOK"));
    assertThat(emails).extracting(Outbox.Delivery::channel).containsExactly("EMAIL");

    activity.deliveries().markSent(webhooks.get(0).id(), 1);
    activity.deliveries().reschedule(emails.get(0).id(), 1, NOW.plusSeconds(10), "x".repeat(900));
    assertThat(activity.countDeliveries("c1", ActivityKind.INBOX_JOB_STARTED, "WEBHOOK", "SENT"))
        .isEqualTo(1);
    assertThat(
            activity
                .deliveries()
                .claimDue(NOW.plusSeconds(9), Duration.ofMinutes(2), 10, Set.of("EMAIL")))
        .isEmpty();
    assertThat(
            activity
                .deliveries()
                .claimDue(NOW.plusSeconds(10), Duration.ofMinutes(2), 10, Set.of("EMAIL")))
        .singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
  }

  @Test
  void activityClaims_ofSeveralDispatchersAtOnce_neverShareARow() throws Exception {
    targets("c1", List.of(), List.of("https://hook.c1.example/"));
    for (int i = 0; i < 40; i++) {
      activity.record("c1", ActivityKind.SFTP_UPLOAD, Map.of("n", Integer.toString(i)), NOW);
    }

    List<List<Outbox.Delivery<ActivityEvent>>> claims =
        concurrently(
            4,
            i -> {
              List<Outbox.Delivery<ActivityEvent>> mine = new ArrayList<>();
              for (int round = 0; round < 10; round++) {
                mine.addAll(
                    activity
                        .deliveries()
                        .claimDue(NOW, Duration.ofMinutes(2), 3, Set.of("WEBHOOK")));
              }
              return mine;
            });

    // rows locked by another claimer are skipped, not waited for: a last sweep takes what is left
    claims.add(activity.deliveries().claimDue(NOW, Duration.ofMinutes(2), 100, Set.of("WEBHOOK")));
    Set<Long> seen = new HashSet<>();
    int total = 0;
    for (List<Outbox.Delivery<ActivityEvent>> mine : claims) {
      for (Outbox.Delivery<ActivityEvent> d : mine) {
        assertThat(seen.add(d.id())).as("delivery " + d.id() + " claimed twice").isTrue();
        total++;
      }
    }
    assertThat(total).isEqualTo(40);
  }

  private void targets(String client, List<String> emails, List<String> webhooks) {
    new TenantRepository(database)
        .replaceTargets(client, new NotificationTargets(emails, webhooks));
  }

  private interface Call<T> {
    T call(int index) throws Exception;
  }

  /** Runs the same call from several threads released at the same moment. */
  private static <T> List<T> concurrently(int threads, Call<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier barrier = new CyclicBarrier(threads);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  barrier.await();
                  return call.call(index);
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
