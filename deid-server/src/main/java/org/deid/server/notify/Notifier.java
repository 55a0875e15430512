package org.deid.server.notify;

/**
 * Sends one notification to one target over one channel (e-mail, webhook). Implementations are
 * thread-safe; a failure is reported by exception and the dispatcher retries with back-off.
 */
public interface Notifier {
  /**
   * Returns the channel this notifier serves, as stored in the deliveries table.
   *
   * @return {@code EMAIL} or {@code WEBHOOK}
   */
  String channel();

  /**
   * Sends a notification.
   *
   * @param notification what to say
   * @param target where (an address or URL)
   * @throws NotificationException if it was not delivered (message safe to store)
   */
  void send(Notification notification, String target) throws NotificationException;
}
