package org.deid.server.worker;

/**
 * An input the engine cannot process (malformed file, unmapped columns, too many rejects). The job
 * fails without retry; the message names the file, line and column, never a value.
 */
public final class InputRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the reason, free of PII
   */
  public InputRejectedException(String message) {
    super(message);
  }
}
