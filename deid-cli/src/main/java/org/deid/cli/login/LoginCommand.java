package org.deid.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.remote.RemoteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deid login}: checks an API key against the server and stores it, with the server's
 * certificate fingerprint, in the user's private credentials file.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Log in to a deid server: check the API key and store it (mode 0600) in "
          + "$XDG_CONFIG_HOME/deid/credentials.json (or ~/.config/deid/).",
      "The key comes from --api-key-file, DEID_API_KEY_FILE or a prompt; never from an option "
          + "value. Over https the server certificate's SHA-256 is recorded and later "
          + "connections must present the same certificate."
    })
public final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Server URL, e.g. https://deid.example:8443 (default: $DEID_SERVER).")
  String server;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "File holding the API key (default: $DEID_API_KEY_FILE, else a prompt).")
  Path apiKeyFile;

  @Option(
      names = "--certificate-sha256",
      paramLabel = "HEX",
      description =
          "Expected SHA-256 of the server certificate (from the administrator); without it the "
              + "certificate presented now is trusted and shown.")
  String expectedCertificate;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    URI base = RemoteOptions.serverUrl(server, env);
    Optional<String> pin =
        Optional.ofNullable(expectedCertificate)
            .map(p -> p.replace(":", "").toLowerCase(Locale.ROOT).strip());
    if (pin.isPresent() && !pin.get().matches("[0-9a-f]{64}")) {
      throw new CliFailure(ExitCodes.USAGE, "--certificate-sha256 must be 64 hex digits");
    }
    String apiKey = readApiKey();
    ServerSession session = ServerSession.with(new Credentials(base.toString(), apiKey, pin));
    JsonNode me = session.whoami();
    Optional<String> certificate =
        base.getScheme().equals("https") ? session.certificateSeen() : Optional.empty();
    CredentialStore store = CredentialStore.locate(env);
    store.write(new Credentials(base.toString(), apiKey, certificate));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "logged in to %s as client %s (%s)%n",
        base,
        me.path("clientName").asText(""),
        me.path("clientId").asText(""));
    certificate.ifPresent(
        sha -> out.printf(Locale.ROOT, "server certificate SHA-256 %s (pinned)%n", sha));
    out.printf(Locale.ROOT, "credentials stored in %s%n", store.file());
    out.flush();
    return ExitCodes.OK;
  }

  private String readApiKey() {
    Optional<Path> file = RemoteOptions.apiKeyFile(apiKeyFile, env);
    if (file.isPresent()) {
      return RemoteOptions.readApiKey(file.get());
    }
    Console console = System.console();
    if (console == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "no API key: use --api-key-file FILE or DEID_API_KEY_FILE (no terminal to prompt on)");
    }
    char[] typed = console.readPassword("API key: ");
    if (typed == null) {
      throw new CliFailure(ExitCodes.USAGE, "no API key given");
    }
    String key = new String(typed).strip();
    Arrays.fill(typed, '\0');
    if (key.isEmpty()) {
      throw new CliFailure(ExitCodes.USAGE, "the API key is empty");
    }
    return key;
  }
}
