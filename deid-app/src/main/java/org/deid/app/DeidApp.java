package org.deid.app;

import org.deid.cli.DeidCommand;
import org.deid.server.ServerCommand;
import org.deid.server.WorkerCommand;
import picocli.CommandLine;

/**
 * The complete {@code deid} command: every command of the on-prem CLI plus {@code deid server} and
 * {@code deid worker}. It is the composition root of the distribution, so that neither the CLI nor
 * the server depends on the other.
 */
public final class DeidApp {
  private DeidApp() {}

  /**
   * Builds the complete command line.
   *
   * @return the command line with the CLI's commands and the server's
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = DeidCommand.commandLine();
    commandLine.addSubcommand("server", new ServerCommand());
    commandLine.addSubcommand("worker", new WorkerCommand());
    return commandLine;
  }

  /**
   * Runs the command and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
