package org.deid.server.notify;

/** A notification was not delivered; the message is stored with the delivery (no secrets). */
public final class NotificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public NotificationException(String message) {
    super(message);
  }
}
