package org.deid.server.activity;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.deid.server.notify.EmailNotifier;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.OutboxDispatcher;
import org.deid.server.notify.WebhookNotifier;

/**
 * How activity events reach a client: the event as signed webhook JSON, or as a plain-text e-mail,
 * sent from the activity outbox with the same back-off and attempt limit as job notifications.
 */
public final class ActivityNotifications {
  private ActivityNotifications() {}

  /**
   * Creates the dispatcher of activity deliveries (not started). It claims webhooks always and
   * e-mails only with an e-mail notifier, so a process without SMTP leaves e-mails to one that has
   * it.
   *
   * @param log the activity log
   * @param webhooks the webhook notifier
   * @param email the e-mail notifier, if SMTP is configured
   * @param settings poll interval, attempts and back-off
   * @param clock the time source
   * @return the dispatcher
   */
  public static OutboxDispatcher<ActivityEvent> dispatcher(
      ActivityLog log,
      WebhookNotifier webhooks,
      Optional<EmailNotifier> email,
      NotifySettings settings,
      Clock clock) {
    Map<String, OutboxDispatcher.Sender<ActivityEvent>> senders = new HashMap<>();
    senders.put(
        "WEBHOOK",
        (event, url) -> webhooks.post(event.clientId(), event.eventId(), event.toMap(), url));
    email.ifPresent(
        mail ->
            senders.put(
                "EMAIL",
                (event, address) ->
                    mail.sendText(subject(event), body(event), event.at(), address)));
    return new OutboxDispatcher<>(
        "activity_delivery",
        log.deliveries(),
        senders,
        event -> "event=" + event.kind().eventName(),
        settings,
        clock);
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
}
