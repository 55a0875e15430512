package org.deid.server.run;

/** A run summary that is not valid (400); the message names the field, never its value. */
public final class RunSummaryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the field
   */
  public RunSummaryException(String message) {
    super(message);
  }
}
