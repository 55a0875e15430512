package org.deid.server.sftp;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed password logins per key (a remote address, or a client) in a sliding window: once a
 * key has {@code maxFailures} failures within {@code window}, further password attempts for it are
 * refused without being checked until the oldest failure leaves the window. This stops password
 * guessing and spares the CPU the bcrypt check of every guess. In memory, so per node; a restart
 * forgets the counts. Thread-safe.
 */
final class FailedLoginLimit {
  private static final int MAX_TRACKED_KEYS = 100_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  /**
   * Creates the limit.
   *
   * @param maxFailures the failures allowed within the window (at least 1)
   * @param window the sliding window
   * @param clock the time source
   */
  FailedLoginLimit(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "a failed-login limit needs maxFailures >= 1 and a window");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Tells whether a password attempt for a key may be checked now.
   *
   * @param key the remote address or client
   * @return false while the key has used up its failures
   */
  boolean allows(String key) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return true;
    }
    synchronized (times) {
      dropExpired(times, clock.millis());
      return times.size() < maxFailures;
    }
  }

  /**
   * Records a failed password for a key.
   *
   * @param key the remote address or client
   * @return true if this failure used up the key's allowance (attempts are refused from now on)
   */
  boolean recordFailure(String key) {
    long now = clock.millis();
    if (failures.size() >= MAX_TRACKED_KEYS) {
      failures.values().removeIf(times -> isQuiet(times, now));
    }
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      dropExpired(times, now);
      times.addLast(now);
      return times.size() == maxFailures;
    }
  }

  /**
   * Forgets a key's failures (after a successful login).
   *
   * @param key the remote address or client
   */
  void reset(String key) {
    failures.remove(key);
  }

  private boolean isQuiet(Deque<Long> times, long now) {
    synchronized (times) {
      dropExpired(times, now);
      return times.isEmpty();
    }
  }

  private void dropExpired(Deque<Long> times, long now) {
    long oldestKept = now - window.toMillis();
    while (!times.isEmpty() && times.peekFirst() <= oldestKept) {
      times.removeFirst();
    }
  }
}
