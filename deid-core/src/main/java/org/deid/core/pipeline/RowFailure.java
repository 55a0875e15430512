package org.deid.core.pipeline;

/**
 * Thrown by a {@link RowWorker} when a row cannot be handled and the run must stop. Its message
 * must be free of PII (name the input, line and column, never the value); the pipeline shows it as
 * is. Any other exception from a worker is reported by type and line only.
 */
public class RowFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message a PII-free description naming the input, line and column
   */
  public RowFailure(String message) {
    super(message);
  }
}
