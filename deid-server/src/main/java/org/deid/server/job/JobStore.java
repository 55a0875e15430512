package org.deid.server.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable job queue and job history. Every state change is checked against {@link JobState}'s
 * transition table and recorded as a {@link JobEvent} in the same transaction (the outbox); a
 * terminal change also schedules the client's notifications in that transaction.
 *
 * <p>Workers hold a job through a lease that they renew with {@link #heartbeat}; a lease that is
 * not renewed is taken back by {@link #reapExpiredLeases}. Completion calls name the worker and
 * succeed only while it still holds the lease, so a job finishes exactly once. Implementations are
 * thread-safe and safe to share between processes that use the same database.
 */
public interface JobStore {
  /** A subscription to queue wake-ups; closing it stops them. */
  interface Wakeups extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Signals when any process sharing the database queues a job that is due at once, so idle workers
   * of this process need not wait for their poll. A single-process store has nothing to add to the
   * in-process signal.
   *
   * @param signal what to signal
   * @return the subscription
   */
  default Wakeups wakeOnQueued(QueueSignal signal) {
    return () -> {};
  }

  /**
   * Records a new job as SUBMITTED and moves it to QUEUED, or returns the existing job with the
   * same idempotency key.
   *
   * @param jobId a fresh random id
   * @param spec the validated request
   * @param now the current time
   * @return the queued job, or the earlier job with the same idempotency key
   */
  Job submit(String jobId, JobSpec spec, Instant now);

  /**
   * Finds a job of a client.
   *
   * @param clientId the client asking
   * @param jobId the job
   * @return the job, empty if it does not exist or belongs to another client
   */
  Optional<Job> find(String clientId, String jobId);

  /**
   * Lists a client's most recent jobs, newest first.
   *
   * @param clientId the client
   * @param limit the maximum number of jobs
   * @return the jobs
   */
  default List<Job> list(String clientId, int limit) {
    return list(clientId, JobListQuery.newest(limit));
  }

  /**
   * Lists a page of a client's jobs, newest first (ties in submission time by job id).
   *
   * @param clientId the client
   * @param query the state, position and size of the page
   * @return the jobs
   */
  List<Job> list(String clientId, JobListQuery query);

  /**
   * Claims the most urgent due job for a worker (highest priority, then oldest due time).
   *
   * @param workerId the claiming worker
   * @param now the current time
   * @param lease how long the lease lasts without a heartbeat
   * @return the claimed job (now RUNNING, attempts incremented), or empty if none is due
   */
  default Optional<Job> claim(String workerId, Instant now, Duration lease) {
    return claimBatch(workerId, now, lease, 1).stream().findFirst();
  }

  /**
   * Claims up to {@code max} due jobs in one transaction, most urgent first ({@code SELECT ... FOR
   * UPDATE SKIP LOCKED}: jobs another worker is claiming at the same moment are skipped, never
   * waited for nor claimed twice).
   *
   * @param workerId the claiming worker
   * @param now the current time
   * @param lease how long each lease lasts without a heartbeat
   * @param max the most jobs to claim (at least 1)
   * @return the claimed jobs (now RUNNING, attempts incremented), empty if none is due
   */
  List<Job> claimBatch(String workerId, Instant now, Duration lease, int max);

  /**
   * Renews a lease and records progress.
   *
   * @param jobId the job
   * @param workerId the worker that believes it holds the lease
   * @param now the current time
   * @param lease the new lease length
   * @param rowsDone rows processed so far in this attempt
   * @return whether the lease is still held and whether a cancel is pending
   */
  HeartbeatOutcome heartbeat(
      String jobId, String workerId, Instant now, Duration lease, long rowsDone);

  /**
   * Marks a running job SUCCEEDED with its committed outputs.
   *
   * @param jobId the job
   * @param workerId the worker holding the lease
   * @param outputs the committed outputs
   * @param now the current time
   * @return false if the worker no longer holds the lease (nothing changed)
   */
  boolean succeed(String jobId, String workerId, List<JobOutput> outputs, Instant now);

  /**
   * Moves a running job back to the queue after a transient failure.
   *
   * @param jobId the job
   * @param workerId the worker holding the lease
   * @param reason why the attempt failed (no PII)
   * @param nextRunAt when the next attempt may start
   * @param now the current time
   * @return false if the worker no longer holds the lease
   */
  boolean retry(String jobId, String workerId, String reason, Instant nextRunAt, Instant now);

  /**
   * Marks a running job FAILED for good.
   *
   * @param jobId the job
   * @param workerId the worker holding the lease
   * @param reason why (no PII)
   * @param now the current time
   * @return false if the worker no longer holds the lease
   */
  boolean fail(String jobId, String workerId, String reason, Instant now);

  /**
   * Marks a running job CANCELLED after its worker stopped it on request.
   *
   * @param jobId the job
   * @param workerId the worker holding the lease
   * @param now the current time
   * @return false if the worker no longer holds the lease
   */
  boolean cancelRunning(String jobId, String workerId, Instant now);

  /**
   * Returns a running job to the queue without counting the attempt (graceful shutdown).
   *
   * @param jobId the job
   * @param workerId the worker holding the lease
   * @param now the current time
   * @return false if the worker no longer holds the lease
   */
  boolean release(String jobId, String workerId, Instant now);

  /**
   * Cancels a job at a client's request: a waiting job becomes CANCELLED at once, a running job is
   * flagged and its worker stops it at its next heartbeat; a finished job is left as it is.
   *
   * @param clientId the client asking
   * @param jobId the job
   * @param now the current time
   * @return the job after the request, empty if it does not exist for this client
   */
  Optional<Job> requestCancel(String clientId, String jobId, Instant now);

  /**
   * Takes back jobs whose lease expired (their worker died): back to the queue after the retry
   * delay, or FAILED if no attempts are left.
   *
   * @param now the current time
   * @param retryPolicy the back-off to apply
   * @return how many jobs were taken back
   */
  int reapExpiredLeases(Instant now, RetryPolicy retryPolicy);

  /**
   * Returns the recorded state changes of a client's job, oldest first.
   *
   * @param clientId the client asking
   * @param jobId the job
   * @return the events, empty if the job does not exist for this client
   */
  List<JobEvent> events(String clientId, String jobId);

  /**
   * Counts jobs per state (for metrics).
   *
   * @return a count for every state (zero included)
   */
  Map<JobState, Long> countByState();
}
