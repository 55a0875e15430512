package org.deid.server.sftp;

import java.time.Duration;

/**
 * How many failed SFTP password logins are tolerated before password attempts are refused
 * unchecked: per remote address and per client name, within a sliding window. Public-key logins are
 * never limited.
 *
 * @param perAddress failed passwords allowed from one remote address within the window
 * @param perClient failed passwords allowed for one client name (from anywhere) within the window
 * @param window the sliding window
 */
public record PasswordGuessing(int perAddress, int perClient, Duration window) {
  /** Ten failures per address and thirty per client in fifteen minutes. */
  public static final PasswordGuessing DEFAULT =
      new PasswordGuessing(10, 30, Duration.ofMinutes(15));

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a limit is below 1 or the window is not positive
   */
  public PasswordGuessing {
    if (perAddress < 1 || perClient < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("password guessing limits must be positive");
    }
  }
}
