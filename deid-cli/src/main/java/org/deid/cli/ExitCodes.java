package org.deid.cli;

import picocli.CommandLine;

/** The documented exit codes of {@code deid}. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** The run failed: input, output or processing error. */
  public static final int RUN_FAILED = 1;

  /** Invalid usage. */
  public static final int USAGE = 2;

  /** Invalid policy or key file, or unmapped input columns. */
  public static final int CONFIG = 3;

  /** Too many rejected rows. */
  public static final int TOO_MANY_REJECTS = 4;

  /** A server answered with an error or could not be reached. */
  public static final int SERVER = 5;

  private ExitCodes() {}

  /**
   * Maps an exception to an exit code.
   *
   * @param exception the failure
   * @return the exit code
   */
  public static int forException(Throwable exception) {
    if (exception instanceof CliFailure failure) {
      return failure.exitCode();
    }
    if (exception instanceof CommandLine.ParameterException) {
      // picocli hands command-line parse errors to this mapper too: they are usage errors.
      return USAGE;
    }
    return RUN_FAILED;
  }
}
