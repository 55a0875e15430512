package org.deid.cli;

import org.deid.cli.inspect.InspectCommand;
import org.deid.cli.keys.KeysCommand;
import org.deid.cli.login.LoginCommand;
import org.deid.cli.login.LogoutCommand;
import org.deid.cli.login.RunsCommand;
import org.deid.cli.login.WhoamiCommand;
import org.deid.cli.opentoken.OpenTokenCommand;
import org.deid.cli.policy.PolicyCommand;
import org.deid.cli.remote.AdminCommand;
import org.deid.cli.remote.FilesCommand;
import org.deid.cli.remote.JobsCommand;
import org.deid.cli.tokenize.RekeyCommand;
import org.deid.cli.tokenize.TokenizeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deid} command: entry point of the on-prem tool. */
@Command(
    name = "deid",
    mixinStandardHelpOptions = true,
    versionProvider = ToolVersion.class,
    description = "De-identify and tokenize health data files.",
    subcommands = {
      TokenizeCommand.class,
      RekeyCommand.class,
      OpenTokenCommand.class,
      PolicyCommand.class,
      InspectCommand.class,
      KeysCommand.class,
      AdminCommand.class,
      FilesCommand.class,
      JobsCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      WhoamiCommand.class,
      RunsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the run failed (input, output or processing error)",
      "2:invalid usage (unknown option, missing argument)",
      "3:invalid policy or key file, or unmapped input columns",
      "4:rows were rejected and --max-rejects was exceeded",
      "5:server error (remote commands)"
    })
public final class DeidCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /**
   * Builds the command line with every subcommand and the exit-code mapping.
   *
   * @return a ready-to-execute command line
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new DeidCommand());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setExitCodeExceptionMapper(ExitCodes::forException);
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
