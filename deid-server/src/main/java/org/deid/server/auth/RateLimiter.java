package org.deid.server.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller: {@code ratePerSecond} tokens refill continuously up to {@code burst}.
 * In-memory, so per API node. Thread-safe.
 */
public final class RateLimiter {
  private final double ratePerSecond;
  private final double burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * Creates the limiter.
   *
   * @param ratePerSecond sustained requests per second per caller
   * @param burst the most requests at once
   * @param clock the time source
   */
  public RateLimiter(double ratePerSecond, double burst, Clock clock) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /**
   * Takes one token for a caller.
   *
   * @param caller the caller (for example the API key id)
   * @return false if the caller is over its rate
   */
  public boolean tryAcquire(String caller) {
    return buckets.computeIfAbsent(caller, k -> new Bucket()).take(clock.millis());
  }

  private final class Bucket {
    private double tokens = burst;
    private long last = -1;

    synchronized boolean take(long nowMillis) {
      if (last >= 0) {
        tokens = Math.min(burst, tokens + (nowMillis - last) * ratePerSecond / 1000.0);
      }
      last = nowMillis;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
