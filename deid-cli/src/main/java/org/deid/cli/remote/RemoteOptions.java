package org.deid.cli.remote;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    String url = server != null ? server : env.get("DEID_SERVER");
    if (url == null || url.isBlank()) {
      throw new CliFailure(ExitCodes.USAGE, "no server: use --server URL or set DEID_SERVER");
    }
    Path keyFile =
        apiKeyFile != null
            ? apiKeyFile
            : env.get("DEID_API_KEY_FILE") == null ? null : Path.of(env.get("DEID_API_KEY_FILE"));
    if (keyFile == null) {
      throw new CliFailure(
          ExitCodes.USAGE, "no API key: use --api-key-file FILE or set DEID_API_KEY_FILE");
    }
    String key;
    try {
      key = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.USAGE, "cannot read the API key file " + keyFile);
    }
    if (key.isEmpty()) {
      throw new CliFailure(ExitCodes.USAGE, "the API key file " + keyFile + " is empty");
    }
    URI base;
    try {
      base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "the server URL is not valid");
    }
    if (base.getScheme() == null || base.getHost() == null) {
      throw new CliFailure(ExitCodes.USAGE, "the server URL must look like https://host:port");
    }
    return new ServerClient(base, key);
  }
}
