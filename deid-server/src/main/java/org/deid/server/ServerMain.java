package org.deid.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone entry point: {@code java -cp ... org.deid.server.ServerMain server --data DIR} (or
 * {@code worker --db ... --storage ...}). The {@code deid} launcher composes {@link ServerCommand}
 * and {@link WorkerCommand} as its {@code server} and {@code worker} subcommands.
 */
@Command(
    name = "deid",
    mixinStandardHelpOptions = true,
    subcommands = {ServerCommand.class, WorkerCommand.class, CommandLine.HelpCommand.class})
public final class ServerMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments, for example {@code server --data DIR}
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ServerMain()).execute(args));
  }
}
