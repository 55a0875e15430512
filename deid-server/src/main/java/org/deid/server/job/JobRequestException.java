package org.deid.server.job;

/** A job request refused before queueing; carries the HTTP status and a message safe to show. */
public final class JobRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * Creates the refusal.
   *
   * @param status 400, 404, 409 or 422
   * @param message what is wrong, naming the field, never file content
   */
  public JobRequestException(int status, String message) {
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
