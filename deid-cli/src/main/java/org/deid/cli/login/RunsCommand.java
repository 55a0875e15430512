package org.deid.cli.login;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deid runs}: the logged-in client's run summaries as the server recorded them. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List this client's on-prem runs recorded by the server, newest first.")
public final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs.")
  int limit;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new CliFailure(ExitCodes.USAGE, "--limit must be between 1 and 10000");
    }
    ServerSession session = ServerSession.fromStore(env);
    RunLines.print(
        session.get(String.format(Locale.ROOT, "/v1/runs?limit=%d", limit)).path("runs"),
        spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
