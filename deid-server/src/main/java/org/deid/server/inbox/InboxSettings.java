package org.deid.server.inbox;

import java.time.Duration;

/**
 * Timing of the inbox.
 *
 * @param settle how long a landed file must stay unchanged before its job starts
 * @param poll how often due files are looked for
 * @param scan how often the rule folders are listed to catch files whose landing was not recorded
 *     (a crash between storing and recording, or a file written to the storage directly)
 * @param claimLease how long a node may take to submit the job before another node retries it
 */
public record InboxSettings(Duration settle, Duration poll, Duration scan, Duration claimLease) {
  /**
   * Returns the defaults: settle 2 s, poll every 500 ms, scan every 5 minutes, 2-minute claims.
   *
   * @return the defaults
   */
  public static InboxSettings defaults() {
    return new InboxSettings(
        Duration.ofSeconds(2),
        Duration.ofMillis(500),
        Duration.ofMinutes(5),
        Duration.ofMinutes(2));
  }
}
