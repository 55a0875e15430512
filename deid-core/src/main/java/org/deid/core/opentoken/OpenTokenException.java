package org.deid.core.opentoken;

/** An OpenToken run cannot start or continue; the message names files and options, never values. */
public class OpenTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a PII-free description
   */
  public OpenTokenException(String message) {
    super(message);
  }
}
