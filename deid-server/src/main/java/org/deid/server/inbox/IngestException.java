package org.deid.server.inbox;

/**
 * An inbox or SFTP administration request refused; carries the HTTP status to answer and a message
 * safe to show (it names fields, never values such as passwords or keys).
 */
public final class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * Creates the refusal.
   *
   * @param status 400, 404 or 409
   * @param message what is wrong
   */
  public IngestException(int status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }
}
