package org.deid.server.job;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes idle in-process workers when a job is queued, so a tiny job does not wait a whole poll
 * interval. Jobs queued by other processes signal it through {@link JobStore#wakeOnQueued}
 * (PostgreSQL notifications). Thread-safe.
 */
public final class QueueSignal {
  private final Semaphore permits = new Semaphore(0);

  /** Tells one waiting worker that a job may be due. */
  public void signal() {
    if (permits.availablePermits() < 64) {
      permits.release();
    }
  }

  /**
   * Waits for a signal or the timeout.
   *
   * @param timeout the longest wait
   * @throws InterruptedException if interrupted
   */
  public void await(Duration timeout) throws InterruptedException {
    // One permit per wake-up, so several queued jobs wake several idle workers; a spare permit
    // only costs an empty claim.
    permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
