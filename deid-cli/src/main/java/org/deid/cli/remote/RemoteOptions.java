package org.deid.cli.remote;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import picocli.CommandLine.Option;

/**
 * Where the server is and which API key to use: {@code --server} / {@code DEID_SERVER} and {@code
 * --api-key-file} / {@code DEID_API_KEY_FILE}. The key itself is never an option.
 */
public final class RemoteOptions {
  @Option(
      names = "--server",
      description = "Server URL, e.g. https://deid.example:8443 (default: $DEID_SERVER).")
  String server;

  @Option(
      names = "--api-key-file",
      description = "File holding the API key (default: $DEID_API_KEY_FILE).")
  Path apiKeyFile;

  Map<String, String> env = System.getenv();

  /**
   * Connects a client with these options.
   *
   * @return the client
   * @throws CliFailure (usage) if the server or key is missing or unreadable
   */
  public ServerClient connect() {
    URI base = serverUrl(server, env);
    Path keyFile =
        apiKeyFile(apiKeyFile, env)
            .orElseThrow(
                () ->
                    new CliFailure(
                        ExitCodes.USAGE,
                        "no API key: use --api-key-file FILE or set DEID_API_KEY_FILE"));
    return new ServerClient(base, readApiKey(keyFile));
  }

  /**
   * Returns the server URL from {@code --server} or {@code DEID_SERVER}.
   *
   * @param option the option's value, or null
   * @param env the environment
   * @return the URL without a trailing slash
   * @throws CliFailure (usage) if neither is set or the URL is not valid
   */
  public static URI serverUrl(String option, Map<String, String> env) {
    String url = option != null ? option : env.get("DEID_SERVER");
    if (url == null || url.isBlank()) {
      throw new CliFailure(ExitCodes.USAGE, "no server: use --server URL or set DEID_SERVER");
    }
    return ServerClient.parseServerUrl(url);
  }

  /**
   * Returns the API key file from {@code --api-key-file} or {@code DEID_API_KEY_FILE}.
   *
   * @param option the option's value, or null
   * @param env the environment
   * @return the file, empty if neither is set
   */
  public static Optional<Path> apiKeyFile(Path option, Map<String, String> env) {
    if (option != null) {
      return Optional.of(option);
    }
    String variable = env.get("DEID_API_KEY_FILE");
    return variable == null || variable.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(variable));
  }

  /**
   * Reads an API key file (the key, surrounding white space ignored).
   *
   * @param keyFile the file
   * @return the key
   * @throws CliFailure (usage) if the file cannot be read or is empty
   */
  public static String readApiKey(Path keyFile) {
    String key;
    try {
      key = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.USAGE, "cannot read the API key file " + keyFile);
    }
    if (key.isEmpty()) {
      throw new CliFailure(ExitCodes.USAGE, "the API key file " + keyFile + " is empty");
    }
    return key;
  }
}
