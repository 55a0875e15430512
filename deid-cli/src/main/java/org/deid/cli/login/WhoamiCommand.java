package org.deid.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code deid whoami}: asks the server who the stored API key belongs to and prints the client,
 * server, policy version and key ids with fingerprints (never key bytes).
 */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = "Show the logged-in client, server, current policy version and key ids.")
public final class WhoamiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    ServerSession session = ServerSession.fromStore(env);
    JsonNode me = session.whoami();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "client %s (%s)%nserver %s%napi key %s%npolicy version %d%nkey version %d%n",
        me.path("clientName").asText(""),
        me.path("clientId").asText(""),
        session.server(),
        me.path("apiKeyId").asText(""),
        me.path("policyVersion").asInt(),
        me.path("keysVersion").asInt());
    for (JsonNode key : me.path("keys")) {
      out.printf(
          Locale.ROOT,
          "key %s %s fingerprint %s%s%n",
          key.path("kind").asText(""),
          key.path("id").asText(""),
          key.path("fingerprint").asText(""),
          key.path("primary").asBoolean() ? " (primary)" : "");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
