package org.deid.server.activity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.deid.server.notify.EmailNotifier;
import org.deid.server.notify.NotificationException;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.WebhookNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due activity deliveries through the job notifiers (signed webhooks, SMTP), retrying
 * failures with the same back-off and attempt limit as job notifications. One background thread;
 * safe to run in several processes against one database (rows are claimed in the database), and
 * claims only the channels it has a notifier for, so a process without SMTP leaves e-mails to one
 * that has it.
 */
public final class ActivityDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityDispatcher.class);

  private final ActivityLog log;
  private final WebhookNotifier webhooks;
  private final Optional<EmailNotifier> email;
  private final NotifySettings settings;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "deid-activity-notify");
            t.setDaemon(true);
            return t;
          });

  /**
   * Creates the dispatcher (not started).
   *
   * @param log the activity log
   * @param webhooks the webhook notifier
   * @param email the e-mail notifier, if SMTP is configured
   * @param settings poll interval, attempts and back-off
   * @param clock the time source
   */
  public ActivityDispatcher(
      ActivityLog log,
      WebhookNotifier webhooks,
      Optional<EmailNotifier> email,
      NotifySettings settings,
      Clock clock) {
    this.log = log;
    this.webhooks = webhooks;
    this.email = email;
    this.settings = settings;
    this.clock = clock;
  }

  /** Starts polling. */
  public void start() {
    long millis = Math.max(settings.poll().toMillis(), 10);
    thread.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Sends every delivery due now.
   *
   * @return how many deliveries were attempted
   */
  public int runOnce() {
    try {
      List<ActivityLog.Delivery> due =
          log.claimDue(clock.instant(), Duration.ofMinutes(2), 50, channels());
      for (ActivityLog.Delivery delivery : due) {
        attempt(delivery);
      }
      return due.size();
    } catch (RuntimeException e) {
      LOG.warn("activity notification dispatch failed ({})", e.getClass().getSimpleName());
      return 0;
    }
  }

  /** The channels this process can send: webhooks always, e-mail when SMTP is configured. */
  Set<String> channels() {
    return email.isPresent() ? Set.of("WEBHOOK", "EMAIL") : Set.of("WEBHOOK");
  }

  private void attempt(ActivityLog.Delivery delivery) {
    int attempts = delivery.attempts() + 1;
    ActivityEvent event = delivery.event();
    String error;
    boolean noNotifier = false;
    try {
      if (delivery.channel().equals("WEBHOOK")) {
        webhooks.post(event.clientId(), event.eventId(), event.toMap(), delivery.target());
      } else if (email.isPresent()) {
        email.get().sendText(subject(event), body(event), event.at(), delivery.target());
      } else {
        noNotifier = true;
        throw new NotificationException("no EMAIL notifier is configured");
      }
      log.updateDelivery(delivery.id(), "SENT", attempts, clock.instant(), null);
      LOG.info(
          "activity_delivery={} channel={} event={} sent",
          delivery.id(),
          delivery.channel(),
          event.kind().eventName());
      return;
    } catch (NotificationException e) {
      error = e.getMessage();
    }
    if (attempts >= settings.maxAttempts() || noNotifier) {
      log.updateDelivery(delivery.id(), "FAILED", attempts, clock.instant(), error);
      LOG.warn(
          "activity_delivery={} channel={} gave up: {}", delivery.id(), delivery.channel(), error);
    } else {
      Instant next = clock.instant().plus(settings.retry().delayAfter(attempts));
      log.updateDelivery(delivery.id(), "PENDING", attempts, next, error);
    }
  }

  static String subject(ActivityEvent event) {
    Map<String, String> d = event.details();
    return switch (event.kind()) {
      case INBOX_JOB_STARTED -> "deid inbox: job " + d.get("jobId") + " started";
      case INBOX_JOB_REFUSED -> "deid inbox: a file could not start a job";
      default -> "deid " + event.kind().eventName();
    };
  }

  static String body(ActivityEvent event) {
    StringBuilder text = new StringBuilder();
    text.append("Event: ").append(event.kind().eventName()).append('\n');
    event.details().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    text.append("At: ").append(event.at()).append(" (UTC)\n");
    return text.toString();
  }

  /** Stops polling; undelivered rows stay for the next start. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
