package org.deid.core.pipeline;

/**
 * A run could not complete. The message names the input, line and column where relevant and never
 * contains a data value or key material.
 */
public class DeidRunException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the run failed, for exit codes and job states. */
  public enum Kind {
    /** The policy, keys or the input's columns do not fit together. */
    CONFIGURATION,
    /** The input could not be read or is malformed beyond the declared strategy. */
    INPUT,
    /** Too many rows were rejected. */
    TOO_MANY_REJECTS,
    /** The output could not be written. */
    OUTPUT,
    /** An unexpected internal error. */
    INTERNAL
  }

  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param kind the category
   * @param message a PII-free description
   */
  public DeidRunException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param kind the category
   * @param message a PII-free description
   * @param cause the underlying failure
   */
  public DeidRunException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * Returns the category of the failure.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
