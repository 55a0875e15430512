package org.deid.server.notify;

import java.time.Duration;
import java.util.Optional;
import org.deid.server.job.RetryPolicy;

/**
 * How notifications are sent.
 *
 * @param smtp the SMTP server; without one, e-mail deliveries fail with a reason the operator sees
 * @param poll how often the dispatcher looks for due deliveries
 * @param maxAttempts attempts per delivery
 * @param retry back-off between attempts
 * @param webhookTimeout how long a webhook call may take
 */
public record NotifySettings(
    Optional<SmtpSettings> smtp,
    Duration poll,
    int maxAttempts,
    RetryPolicy retry,
    Duration webhookTimeout) {
  /**
   * Returns the defaults: no SMTP, poll every second, 8 attempts, back-off from 2 s doubling up to
   * 10 minutes, 10 s webhook timeout.
   *
   * @return the defaults
   */
  public static NotifySettings defaults() {
    return new NotifySettings(
        Optional.empty(),
        Duration.ofSeconds(1),
        8,
        RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofMinutes(10)),
        Duration.ofSeconds(10));
  }

  /**
   * Returns a copy with an SMTP server.
   *
   * @param newSmtp the SMTP settings
   * @return the copy
   */
  public NotifySettings withSmtp(SmtpSettings newSmtp) {
    return new NotifySettings(Optional.of(newSmtp), poll, maxAttempts, retry, webhookTimeout);
  }

  /**
   * Returns a copy with other timing.
   *
   * @param newPoll dispatcher poll interval
   * @param newMaxAttempts attempts per delivery
   * @param newRetry back-off
   * @return the copy
   */
  public NotifySettings withTiming(Duration newPoll, int newMaxAttempts, RetryPolicy newRetry) {
    return new NotifySettings(smtp, newPoll, newMaxAttempts, newRetry, webhookTimeout);
  }
}
