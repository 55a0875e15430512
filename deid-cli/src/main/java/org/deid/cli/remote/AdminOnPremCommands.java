package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.login.RunLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The administrator's commands for on-prem clients: site key rotation and their runs. */
public final class AdminOnPremCommands {
  private AdminOnPremCommands() {}

  /**
   * {@code deid admin client rotate-keys ID}: a new primary site key for the client, stored as a
   * new key version; prints the key ids and fingerprints (never key bytes).
   */
  @Command(
      name = "rotate-keys",
      description = "Rotate a client's site key (old site keys stay for decryption and rekey).",
      mixinStandardHelpOptions = true)
  public static final class RotateKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "ID", description = "Client id.")
    String clientId;

    @Override
    public Integer call() {
      JsonNode version =
          remote
              .connect()
              .postJson(AdminClientCommands.clientPath(clientId) + "/keys/rotate", Map.of());
      AdminClientCommands.printVersion(spec, "key", version);
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin client runs ID}: a client's on-prem runs, newest first. */
  @Command(
      name = "runs",
      description = "List a client's on-prem runs recorded by the server, newest first.",
      mixinStandardHelpOptions = true)
  public static final class ClientRuns implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "ID", description = "Client id.")
    String clientId;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "20",
        description = "At most N runs.")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1 || limit > 10_000) {
        throw new CliFailure(ExitCodes.USAGE, "--limit must be between 1 and 10000");
      }
      JsonNode runs =
          remote
              .connect()
              .getJson(
                  String.format(
                      Locale.ROOT,
                      "%s/runs?limit=%d",
                      AdminClientCommands.clientPath(clientId),
                      limit));
      RunLines.print(runs.path("runs"), spec.commandLine().getOut());
      return ExitCodes.OK;
    }
  }
}
