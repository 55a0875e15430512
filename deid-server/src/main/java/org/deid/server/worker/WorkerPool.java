package org.deid.server.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deid.server.config.SafeErrors;
import org.deid.server.db.DatabaseException;
import org.deid.server.job.HeartbeatOutcome;
import org.deid.server.job.Job;
import org.deid.server.job.JobStore;
import org.deid.server.job.QueueSignal;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.tenant.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers of one process: a claimer takes as many due jobs as there are idle threads in one
 * transaction ({@code FOR UPDATE SKIP LOCKED}), threads run them with {@link JobExecutor}, a timer
 * renews their leases while they run, and the outcome is recorded (retried while the database is
 * briefly unreachable). A reaper returns jobs of dead workers (in this or another process) to the
 * queue. {@link #close()} stops claiming, stops running attempts and returns their jobs to the
 * queue without counting the attempt. Logs carry job ids, never data.
 */
public final class WorkerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private static final int MAX_BATCH = 32;
  private static final int RECORD_TRIES = 8;

  private final JobStore store;
  private final JobExecutor executor;
  private final WorkerSettings settings;
  private final QueueSignal signal;
  private volatile JobStore.Wakeups wakeups;
  private final Clock clock;
  private final String workerId;
  private final Semaphore freeSlots;
  private final ExecutorService attempts;
  private final Map<String, AttemptControl> running = new ConcurrentHashMap<>();
  private Thread claimer;
  private final ScheduledExecutorService timers =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "deid-heartbeat");
            t.setDaemon(true);
            return t;
          });
  private final Counter rowsProcessed;
  private final Timer jobDuration;
  private volatile boolean stopping;

  /**
   * Creates the pool (not started).
   *
   * @param store the job queue
   * @param engine the de-identification engine
   * @param tenants policies and keys
   * @param storage inputs and outputs
   * @param settings threads, leases, timeouts and back-off
   * @param signal wakes idle workers when a job is queued
   * @param clock the time source
   * @param workerId a unique id for this process's workers (for leases)
   * @param metrics where to count rows and time jobs
   */
  public WorkerPool(
      JobStore store,
      DeidEngine engine,
      TenantService tenants,
      ObjectStorage storage,
      WorkerSettings settings,
      QueueSignal signal,
      Clock clock,
      String workerId,
      MeterRegistry metrics) {
    this.store = store;
    this.executor = new JobExecutor(engine, tenants, storage);
    this.settings = settings;
    this.signal = signal;
    this.clock = clock;
    this.workerId = workerId;
    this.freeSlots = new Semaphore(settings.threads());
    this.attempts =
        Executors.newFixedThreadPool(
            Math.max(settings.threads(), 1),
            new ThreadFactory() {
              private final AtomicInteger next = new AtomicInteger();

              @Override
              public Thread newThread(Runnable r) {
                return new Thread(r, "deid-worker-" + next.getAndIncrement());
              }
            });
    this.rowsProcessed =
        Counter.builder("deid_rows_processed")
            .description("rows read by succeeded jobs")
            .register(metrics);
    this.jobDuration =
        Timer.builder("deid_job_duration")
            .description("time from claim to outcome of an attempt")
            .register(metrics);
  }

  /** Starts claiming (if the pool has threads), the heartbeat timer and the reaper. */
  public void start() {
    if (settings.threads() > 0) {
      wakeups = store.wakeOnQueued(signal);
      claimer = new Thread(this::claimLoop, "deid-claimer");
      claimer.start();
    }
    long reapMillis = Math.max(settings.lease().toMillis() / 2, 50);
    timers.scheduleWithFixedDelay(this::reap, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
    long beatMillis = Math.max(settings.heartbeat().toMillis(), 10);
    timers.scheduleWithFixedDelay(
        this::heartbeatAll, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Claims as many due jobs as there are idle threads, in one transaction, and hands them to the
   * threads; waits for a free thread, or for a signal or the poll interval when nothing is due.
   */
  private void claimLoop() {
    while (!stopping) {
      try {
        freeSlots.acquire();
        if (stopping) {
          return;
        }
        int wanted = Math.min(1 + freeSlots.drainPermits(), MAX_BATCH);
        List<Job> claimed;
        try {
          claimed = store.claimBatch(workerId, clock.instant(), settings.lease(), wanted);
        } catch (RuntimeException e) {
          freeSlots.release(wanted);
          LOG.error("claiming jobs failed: {}", SafeErrors.describe(e));
          sleepQuietly(settings.poll());
          continue;
        }
        freeSlots.release(wanted - claimed.size());
        for (Job job : claimed) {
          attempts.execute(() -> runAndRelease(job));
        }
        if (claimed.isEmpty()) {
          signal.await(settings.poll());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void runAndRelease(Job job) {
    try {
      runClaimed(job);
    } catch (RuntimeException e) {
      LOG.error("job={} worker error: {}", job.id(), SafeErrors.describe(e));
    } finally {
      freeSlots.release();
    }
  }

  private void runClaimed(Job job) {
    Instant started = clock.instant();
    AttemptControl control = new AttemptControl(started);
    running.put(job.id(), control);
    LOG.info("job={} attempt={} started", job.id(), job.attempts());
    try {
      if (stopping) {
        control.stop(StopReason.SHUTDOWN);
      }
      AttemptOutcome outcome = executor.run(job, control);
      // still heartbeating while the outcome is recorded, so a slow database keeps the lease
      record(job, control, outcome, started);
    } finally {
      running.remove(job.id());
    }
  }

  private void record(Job job, AttemptControl control, AttemptOutcome outcome, Instant started) {
    jobDuration.record(Duration.between(started, clock.instant()));
    int tries = 0;
    while (true) {
      try {
        recordOnce(job, control, outcome);
        return;
      } catch (DatabaseException e) {
        tries++;
        if (tries >= RECORD_TRIES || stopping) {
          LOG.error(
              "job={} outcome not recorded ({}); the lease expires and the job runs again",
              job.id(),
              SafeErrors.describe(e));
          return;
        }
        LOG.warn("job={} recording the outcome failed; retrying", job.id());
        sleepQuietly(Duration.ofMillis(Math.min(200L << Math.min(tries, 4), 2_000)));
      }
    }
  }

  private void recordOnce(Job job, AttemptControl control, AttemptOutcome outcome) {
    Instant now = clock.instant();
    if (outcome instanceof AttemptOutcome.Succeeded succeeded) {
      if (store.succeed(job.id(), workerId, succeeded.outputs(), now)) {
        rowsProcessed.increment(control.rowsDone());
        LOG.info("job={} succeeded rows={}", job.id(), control.rowsDone());
      }
    } else if (outcome instanceof AttemptOutcome.Rejected rejected) {
      store.fail(job.id(), workerId, rejected.reason(), now);
      LOG.info("job={} failed: input rejected", job.id());
    } else if (outcome instanceof AttemptOutcome.Transient failure) {
      retryOrFail(job, failure.reason(), now);
    } else if (outcome instanceof AttemptOutcome.Stopped stopped) {
      switch (stopped.reason()) {
        case CANCELLED -> store.cancelRunning(job.id(), workerId, now);
        case SHUTDOWN -> store.release(job.id(), workerId, now);
        case TIMED_OUT ->
            retryOrFail(job, "the attempt timed out after " + settings.attemptTimeout(), now);
        case LEASE_LOST -> LOG.warn("job={} lease lost; another worker takes over", job.id());
      }
      LOG.info("job={} stopped: {}", job.id(), stopped.reason());
    }
  }

  private void retryOrFail(Job job, String reason, Instant now) {
    if (job.attempts() < job.spec().maxAttempts()) {
      Instant next = now.plus(settings.retry().delayAfter(job.attempts()));
      store.retry(job.id(), workerId, reason, next, now);
      LOG.info("job={} attempt={} will be retried: {}", job.id(), job.attempts(), reason);
    } else {
      store.fail(
          job.id(), workerId, reason + "; gave up after " + job.attempts() + " attempts", now);
      LOG.info("job={} failed after {} attempts", job.id(), job.attempts());
    }
  }

  private void heartbeatAll() {
    Instant now = clock.instant();
    running.forEach(
        (jobId, control) -> {
          try {
            HeartbeatOutcome outcome =
                store.heartbeat(jobId, workerId, now, settings.lease(), control.rowsDone());
            if (outcome == HeartbeatOutcome.LOST) {
              control.stop(StopReason.LEASE_LOST);
            } else if (outcome == HeartbeatOutcome.CANCEL_REQUESTED) {
              control.stop(StopReason.CANCELLED);
            }
          } catch (RuntimeException e) {
            LOG.warn("job={} heartbeat failed ({})", jobId, e.getClass().getSimpleName());
          }
        });
    checkTimeouts(now);
  }

  private void checkTimeouts(Instant now) {
    running.values().stream()
        .filter(c -> Duration.between(c.startedAt(), now).compareTo(settings.attemptTimeout()) > 0)
        .forEach(c -> c.stop(StopReason.TIMED_OUT));
  }

  private void reap() {
    try {
      int reaped = store.reapExpiredLeases(clock.instant(), settings.retry());
      if (reaped > 0) {
        LOG.warn("returned {} job(s) with expired leases to the queue", reaped);
        signal.signal();
      }
    } catch (RuntimeException e) {
      LOG.warn("reaper failed ({})", e.getClass().getSimpleName());
    }
  }

  /**
   * Counts attempts running in this pool right now.
   *
   * @return the number of running attempts
   */
  public int runningCount() {
    return running.size();
  }

  /** Stops claiming, stops running attempts, returns their jobs to the queue and waits. */
  @Override
  public void close() {
    stopping = true;
    if (wakeups != null) {
      wakeups.close();
    }
    running.values().forEach(c -> c.stop(StopReason.SHUTDOWN));
    freeSlots.release(Math.max(settings.threads(), 1));
    signal.signal();
    if (claimer != null) {
      try {
        claimer.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    attempts.shutdown();
    try {
      if (!attempts.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("attempts still running at shutdown; their leases expire");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
