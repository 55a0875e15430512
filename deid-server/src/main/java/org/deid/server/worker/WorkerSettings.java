package org.deid.server.worker;

import java.time.Duration;
import org.deid.server.job.RetryPolicy;

/**
 * How in-process workers behave.
 *
 * @param threads concurrent jobs
 * @param lease how long a claim lasts without a heartbeat
 * @param heartbeat how often a running job renews its lease (well under {@code lease})
 * @param poll how long an idle worker waits before looking for due jobs again
 * @param attemptTimeout the longest one attempt may run
 * @param retry back-off between attempts
 */
public record WorkerSettings(
    int threads,
    Duration lease,
    Duration heartbeat,
    Duration poll,
    Duration attemptTimeout,
    RetryPolicy retry) {
  /**
   * Returns production defaults: 2 threads, 60 s lease, 10 s heartbeat, 1 s poll, 6 h per attempt,
   * back-off from 5 s doubling up to 10 min.
   *
   * @return the defaults
   */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        2,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofHours(6),
        RetryPolicy.exponential(Duration.ofSeconds(5), Duration.ofMinutes(10)));
  }
}
