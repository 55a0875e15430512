package org.deid.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone entry point: {@code java -cp ... org.deid.server.ServerMain server --data DIR}. The
 * {@code deid} launcher composes {@link ServerCommand} as its {@code server} subcommand.
 */
@Command(
    name = "deid",
    mixinStandardHelpOptions = true,
    subcommands = {ServerCommand.class, CommandLine.HelpCommand.class})
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
