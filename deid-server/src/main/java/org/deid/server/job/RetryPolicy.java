package org.deid.server.job;

import java.time.Duration;

/** Decides how long to wait before the next attempt of a job that failed transiently. */
public interface RetryPolicy {
  /**
   * Returns the delay before attempt {@code attemptsSoFar + 1}.
   *
   * @param attemptsSoFar attempts already made (at least 1)
   * @return a non-negative delay
   */
  Duration delayAfter(int attemptsSoFar);

  /**
   * Exponential back-off: {@code initial * 2^(attempts-1)}, capped.
   *
   * @param initial the first delay
   * @param max the cap
   * @return the policy (deterministic, no jitter, so tests are exact)
   */
  static RetryPolicy exponential(Duration initial, Duration max) {
    return attemptsSoFar -> {
      int doublings = Math.min(Math.max(attemptsSoFar - 1, 0), 30);
      Duration delay = initial.multipliedBy(1L << doublings);
      return delay.compareTo(max) > 0 ? max : delay;
    };
  }
}
