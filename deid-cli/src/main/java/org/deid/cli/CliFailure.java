package org.deid.cli;

/**
 * A failure to report to the user with a message (never containing PII or key material) and an exit
 * code.
 */
public class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  /**
   * Creates a failure.
   *
   * @param exitCode one of {@link ExitCodes}
   * @param message what went wrong and, where it helps, what to do
   */
  public CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /**
   * Creates a failure with a cause (the cause's message is not shown unless it is safe).
   *
   * @param exitCode one of {@link ExitCodes}
   * @param message what went wrong
   * @param cause the underlying exception
   */
  public CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /**
   * Returns the exit code for this failure.
   *
   * @return the exit code
   */
  public int exitCode() {
    return exitCode;
  }
}
