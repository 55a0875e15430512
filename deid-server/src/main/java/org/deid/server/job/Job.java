package org.deid.server.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one job row.
 *
 * @param id the job id (random, not guessable)
 * @param spec what the job runs
 * @param state its state
 * @param attempts attempts started so far
 * @param nextRunAt earliest time a worker may claim it
 * @param leaseOwner the worker holding it, if running
 * @param rowsDone rows processed in the current attempt (progress)
 * @param cancelRequested whether a cancel is pending for a running job
 * @param outputs committed outputs (when succeeded)
 * @param reason why it failed, was retried or cancelled (never PII)
 * @param createdAt when it was submitted
 * @param updatedAt last change
 * @param finishedAt when it reached a terminal state
 * @param version optimistic-lock version
 */
public record Job(
    String id,
    JobSpec spec,
    JobState state,
    int attempts,
    Instant nextRunAt,
    Optional<String> leaseOwner,
    long rowsDone,
    boolean cancelRequested,
    List<JobOutput> outputs,
    Optional<String> reason,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> finishedAt,
    long version) {
  /** Copies the output list. */
  public Job {
    outputs = List.copyOf(outputs);
  }

  /**
   * Returns the owning client id.
   *
   * @return the client id
   */
  public String clientId() {
    return spec.clientId();
  }
}
