package org.deid.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.deid.server.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link JobStore}: one implementation ({@link JdbcJobStore}) run on every database
 * by extending this class (embedded H2 and PostgreSQL).
 */
abstract class JobStoreContract {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final RetryPolicy BACKOFF =
      RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1));

  @TempDir Path dir;
  Database database;
  JobStore store;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Opens (or reopens) the database that holds the store's data.
   *
   * @param dir a temporary folder that survives reopening within one test
   * @return the migrated database
   */
  abstract Database openDatabase(Path dir);

  @BeforeEach
  void open() {
    database = openDatabase(dir);
    store = new JdbcJobStore(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static JobSpec spec(String client, int priority, Optional<String> idempotencyKey) {
    return new JobSpec(client, List.of("in/a.csv"), "out/", 1, 1, priority, 3, idempotencyKey);
  }

  @Test
  void submit_newJob_isQueuedWithTwoEvents() {
    Job job = store.submit("j1", spec("c1", 0, Optional.empty()), now);

    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(store.events("c1", "j1"))
        .extracting(JobEvent::to)
        .containsExactly(JobState.SUBMITTED, JobState.QUEUED);
  }

  @Test
  void find_otherClient_isEmpty() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);

    assertThat(store.find("c2", "j1")).isEmpty();
    assertThat(store.events("c2", "j1")).isEmpty();
    assertThat(store.requestCancel("c2", "j1", now)).isEmpty();
  }

  @Test
  void submit_sameIdempotencyKey_returnsFirstJob() {
    Job first = store.submit("j1", spec("c1", 0, Optional.of("k")), now);
    Job second = store.submit("j2", spec("c1", 0, Optional.of("k")), now);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(store.list("c1", 10)).hasSize(1);
  }

  @Test
  void list_pagesThroughEveryJobOnce_newestFirst_tiesByIdAndOtherClientsHidden() {
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // pairs of jobs share a millisecond: the id orders them
      Instant at = now.plusMillis(i / 2);
      store.submit(
          String.format(java.util.Locale.ROOT, "j%02d", i), spec("c1", 0, Optional.empty()), at);
    }
    store.submit("other", spec("c2", 0, Optional.empty()), now.plusSeconds(5));
    for (int ms = 11; ms >= 0; ms--) {
      for (int i = 0; i < 23; i++) {
        if (i / 2 == ms) {
          expected.add(String.format(java.util.Locale.ROOT, "j%02d", i));
        }
      }
    }

    List<String> seen = new java.util.ArrayList<>();
    Optional<JobListQuery.Position> after = Optional.empty();
    int pages = 0;
    while (true) {
      List<Job> page = store.list("c1", new JobListQuery(5, Optional.empty(), after));
      page.forEach(j -> seen.add(j.id()));
      pages++;
      if (page.size() < 5) {
        break;
      }
      after =
          Optional.of(
              JobListQuery.Position.decode(
                  JobListQuery.Position.of(page.get(page.size() - 1)).encode()));
    }

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void list_byState_returnsOnlyThatState() {
    store.submit("a", spec("c1", 0, Optional.empty()), now);
    store.submit("b", spec("c1", 0, Optional.empty()), now.plusMillis(1));
    store.claim("w1", now.plusSeconds(1), LEASE);

    assertThat(
            store.list("c1", new JobListQuery(10, Optional.of(JobState.RUNNING), Optional.empty())))
        .extracting(Job::id)
        .containsExactly("a");
    assertThat(
            store.list("c1", new JobListQuery(10, Optional.of(JobState.QUEUED), Optional.empty())))
        .extracting(Job::id)
        .containsExactly("b");
  }

  @Test
  void claim_prefersHigherPriority_andSkipsJobsNotYetDue() {
    store.submit("low", spec("c1", 0, Optional.empty()), now);
    store.submit("high", spec("c1", 5, Optional.empty()), now);

    Job claimed = store.claim("w1", now, LEASE).orElseThrow();

    assertThat(claimed.id()).isEqualTo("high");
    assertThat(claimed.state()).isEqualTo(JobState.RUNNING);
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(store.claim("w1", now, LEASE)).map(Job::id).contains("low");
    assertThat(store.claim("w1", now, LEASE)).isEmpty();
  }

  @Test
  void claim_concurrentWorkers_neverClaimTheSameJobTwice() throws Exception {
    for (int i = 0; i < 40; i++) {
      store.submit("j" + i, spec("c1", 0, Optional.empty()), now);
    }
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      pool.submit(
          () -> {
            Optional<Job> job;
            while ((job = store.claim(worker, now, LEASE)).isPresent()) {
              assertThat(claimed.add(job.get().id())).isTrue();
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(claimed).hasSize(40);
    assertThat(store.countByState().get(JobState.RUNNING)).isEqualTo(40);
  }

  @Test
  void reaper_expiredLease_requeuesWithBackoff_andOldWorkerCannotComplete() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);
    assertThat(store.claim("w1", now, LEASE)).isPresent();

    Instant later = now.plus(LEASE).plusSeconds(1);
    assertThat(store.reapExpiredLeases(later, BACKOFF)).isEqualTo(1);

    Job job = store.find("c1", "j1").orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.nextRunAt()).isEqualTo(later.plusSeconds(1));
    assertThat(store.succeed("j1", "w1", List.of(), later)).isFalse();
    assertThat(store.heartbeat("j1", "w1", later, LEASE, 5)).isEqualTo(HeartbeatOutcome.LOST);
    assertThat(store.claim("w2", later, LEASE)).isEmpty();
    assertThat(store.claim("w2", later.plusSeconds(1), LEASE)).isPresent();
  }

  @Test
  void reaper_lastAttemptExpired_failsTheJob() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);
    Instant t = now;
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(store.claim("w", t, LEASE)).isPresent();
      t = t.plus(LEASE).plusSeconds(1);
      store.reapExpiredLeases(t, BACKOFF);
      t = t.plus(Duration.ofMinutes(5));
    }

    Job job = store.find("c1", "j1").orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.attempts()).isEqualTo(3);
    assertThat(job.reason()).hasValueSatisfying(r -> assertThat(r).contains("no attempts left"));
  }

  @Test
  void heartbeat_recordsProgress_andReportsPendingCancel() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);
    assertThat(store.claim("w1", now, LEASE)).isPresent();

    assertThat(store.heartbeat("j1", "w1", now, LEASE, 42)).isEqualTo(HeartbeatOutcome.HELD);
    assertThat(store.find("c1", "j1").orElseThrow().rowsDone()).isEqualTo(42);

    store.requestCancel("c1", "j1", now);
    assertThat(store.heartbeat("j1", "w1", now, LEASE, 43))
        .isEqualTo(HeartbeatOutcome.CANCEL_REQUESTED);
    assertThat(store.cancelRunning("j1", "w1", now)).isTrue();
    assertThat(store.find("c1", "j1").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void requestCancel_queuedJob_cancelsAtOnce_finishedJobUnchanged() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);
    assertThat(store.requestCancel("c1", "j1", now).orElseThrow().state())
        .isEqualTo(JobState.CANCELLED);
    assertThat(store.claim("w1", now, LEASE)).isEmpty();
    assertThat(store.requestCancel("c1", "j1", now).orElseThrow().state())
        .isEqualTo(JobState.CANCELLED);
  }

  @Test
  void release_doesNotCountTheAttempt() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);
    assertThat(store.claim("w1", now, LEASE)).isPresent();

    assertThat(store.release("j1", "w1", now)).isTrue();

    Job job = store.find("c1", "j1").orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.attempts()).isZero();
  }

  @Test
  void succeed_storesOutputs_andSurvivesReopen() {
    store.submit("j1", spec("c1", 0, Optional.empty()), now);
    assertThat(store.claim("w1", now, LEASE)).isPresent();
    JobOutput output = new JobOutput("in/a.csv", "out/a.csv", "out/a.report.json", 3, 2, 1);
    assertThat(store.succeed("j1", "w1", List.of(output), now)).isTrue();
    database.close();

    database = openDatabase(dir);
    store = new JdbcJobStore(database);
    Job job = store.find("c1", "j1").orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job.outputs()).containsExactly(output);
    assertThat(store.events("c1", "j1"))
        .extracting(JobEvent::to)
        .containsExactly(JobState.SUBMITTED, JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
  }

  @Test
  void claimBatch_takesUpToMax_mostUrgentFirst_andRecordsTheWorker() {
    for (int i = 0; i < 5; i++) {
      store.submit("j" + i, spec("c1", i, Optional.empty()), now);
    }

    List<Job> first = store.claimBatch("w1", now, LEASE, 3);
    List<Job> rest = store.claimBatch("w2", now, LEASE, 10);

    assertThat(first).extracting(Job::id).containsExactly("j4", "j3", "j2");
    assertThat(first).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.RUNNING));
    assertThat(first).allSatisfy(j -> assertThat(j.leaseOwner()).contains("w1"));
    assertThat(rest).extracting(Job::id).containsExactly("j1", "j0");
    assertThat(store.claimBatch("w3", now, LEASE, 10)).isEmpty();
    assertThat(store.events("c1", "j4"))
        .extracting(JobEvent::to, JobEvent::workerId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(JobState.SUBMITTED, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(JobState.QUEUED, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(JobState.RUNNING, Optional.of("w1")));
  }

  @Test
  void claimBatch_concurrentWorkers_takeDisjointBatches() throws Exception {
    for (int i = 0; i < 60; i++) {
      store.submit("j" + i, spec("c1", 0, Optional.empty()), now);
    }
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      pool.submit(
          () -> {
            List<Job> batch;
            while (!(batch = store.claimBatch(worker, now, LEASE, 7)).isEmpty()) {
              for (Job job : batch) {
                assertThat(claimed.add(job.id())).isTrue();
                assertThat(store.succeed(job.id(), worker, List.of(), now)).isTrue();
              }
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(claimed).hasSize(60);
    assertThat(store.countByState().get(JobState.SUCCEEDED)).isEqualTo(60);
  }

  @Test
  void reaper_moreExpiredLeasesThanOneBatch_takesThemAllBack_namingTheDeadWorker() {
    for (int i = 0; i < 130; i++) {
      store.submit("j" + i, spec("c1", 0, Optional.empty()), now);
    }
    assertThat(store.claimBatch("dead", now, LEASE, 200)).hasSize(130);

    assertThat(store.reapExpiredLeases(now.plus(LEASE).plusSeconds(1), BACKOFF)).isEqualTo(130);

    assertThat(store.countByState().get(JobState.QUEUED)).isEqualTo(130);
    JobEvent reaped = store.events("c1", "j7").get(3);
    assertThat(reaped.to()).isEqualTo(JobState.QUEUED);
    assertThat(reaped.workerId()).contains("dead");
    assertThat(reaped.reason()).contains("worker stopped renewing its lease");
  }
}
