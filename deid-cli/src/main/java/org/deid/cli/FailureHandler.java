package org.deid.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a one-line error for a failed command instead of a stack trace. Messages of deid's own
 * exceptions never contain PII; unexpected exceptions print only their type, since their message
 * could contain a data value.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    String message;
    if (exception instanceof CliFailure) {
      message = exception.getMessage();
    } else {
      message =
          "internal error ("
              + exception.getClass().getName()
              + "); please report it. Set DEID_DEBUG=1 for a stack trace.";
    }
    commandLine.getErr().println("deid: " + message);
    if (System.getenv("DEID_DEBUG") != null) {
      exception.printStackTrace(commandLine.getErr());
    }
    return ExitCodes.forException(exception);
  }
}
