package org.deid.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.remote.ServerClient;
import org.deid.core.key.KeyFileException;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import org.deid.core.policy.PolicyLoader;

/**
 * A connection to the deid server with the credentials stored by {@code deid login}: the API key
 * and, over HTTPS, the pinned server certificate. Every failure (not logged in, revoked key,
 * unreachable server, changed certificate) is a {@link CliFailure} with {@link ExitCodes#SERVER}
 * and a message that names no secret.
 */
public final class ServerSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Credentials credentials;
  private final PinnedTrust trust;
  private final ServerClient client;

  private ServerSession(Credentials credentials) {
    this.credentials = credentials;
    this.trust = new PinnedTrust(credentials.certificateSha256());
    URI base = ServerClient.parseServerUrl(credentials.server());
    this.client =
        base.getScheme().equals("https")
            ? ServerClient.over(base, credentials.apiKey(), trust.httpClient())
            : ServerClient.over(
                base,
                credentials.apiKey(),
                java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(15))
                    .build());
  }

  /**
   * Opens a session with given credentials (used by login, before they are stored).
   *
   * @param credentials the server, API key and pin (empty pin at login: record the certificate)
   * @return the session
   */
  static ServerSession with(Credentials credentials) {
    return new ServerSession(credentials);
  }

  /**
   * Opens a session with the stored credentials.
   *
   * @param env the environment locating the credentials file
   * @return the session
   * @throws CliFailure (server) if nobody is logged in
   */
  public static ServerSession fromStore(Map<String, String> env) {
    CredentialStore store = CredentialStore.locate(env);
    Credentials stored =
        store
            .read()
            .orElseThrow(
                () ->
                    new CliFailure(
                        ExitCodes.SERVER,
                        "not logged in (no " + store.file() + "); run deid login --server URL"));
    return new ServerSession(stored);
  }

  /**
   * Returns the server URL.
   *
   * @return the URL
   */
  public String server() {
    return credentials.server();
  }

  /**
   * Returns the certificate SHA-256 the server presented in this session, if it used TLS.
   *
   * @return lower-case hex
   */
  java.util.Optional<String> certificateSeen() {
    return trust.seen();
  }

  /**
   * Asks the server who this API key belongs to.
   *
   * @return {@code clientId}, {@code clientName}, {@code apiKeyId}, {@code policyVersion}, {@code
   *     keysVersion} and {@code keys} (kinds, ids, fingerprints)
   */
  public JsonNode whoami() {
    return call(() -> client.getJson("/v1/whoami"));
  }

  /**
   * Fetches the client's current policy and keys. The response bytes and the decoded key file are
   * wiped once parsed; nothing is written anywhere.
   *
   * @return the parsed configuration
   * @throws CliFailure (server) on any server, authentication or certificate problem; (config) if
   *     the served policy or keys are invalid
   */
  public ServerConfig fetchConfig() {
    byte[] body = call(() -> client.getBytes("/v1/config"));
    byte[] keyBytes = null;
    try {
      JsonNode root = JSON.readTree(body);
      int policyVersion = root.path("policyVersion").asInt();
      int keysVersion = root.path("keysVersion").asInt();
      String source = "server policy v" + policyVersion;
      Policy policy = PolicyLoader.parse(root.path("policy").asText(""), source);
      keyBytes = root.path("keys").asText("").getBytes(StandardCharsets.UTF_8);
      KeyMaterial keys = KeyFiles.parse(keyBytes, "server keys v" + keysVersion);
      List<String> keyIds = keys.describe().stream().map(info -> info.id()).toList();
      return new ServerConfig(
          root.path("clientId").asText(""),
          root.path("clientName").asText(""),
          policyVersion,
          policy,
          keysVersion,
          keys,
          keyIds);
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.SERVER, "the server's configuration is not valid JSON");
    } catch (PolicyException e) {
      throw new CliFailure(ExitCodes.CONFIG, e.getMessage());
    } catch (KeyFileException e) {
      throw new CliFailure(ExitCodes.CONFIG, e.getMessage());
    } finally {
      Arrays.fill(body, (byte) 0);
      if (keyBytes != null) {
        Arrays.fill(keyBytes, (byte) 0);
      }
    }
  }

  /**
   * GETs a JSON answer with the stored credentials.
   *
   * @param path the path with query
   * @return the answer
   */
  public JsonNode get(String path) {
    return call(() -> client.getJson(path));
  }

  /**
   * Sends a run summary for the server's audit of runs.
   *
   * @param summary only the documented fields (no PII, no tokens)
   * @return the stored run's id
   */
  public String sendRun(Map<String, Object> summary) {
    return call(() -> client.postJson("/v1/runs", summary)).path("id").asText("");
  }

  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (CliFailure e) {
      if (trust.mismatched()) {
        throw new CliFailure(
            ExitCodes.SERVER,
            "the server certificate of "
                + credentials.server()
                + " is not the one pinned at login: it changed since login (expected SHA-256 "
                + credentials.certificateSha256().orElse("")
                + ", got "
                + trust.seen().orElse("")
                + "); if the change is expected, run deid login again");
      }
      if (e.getMessage() != null && e.getMessage().startsWith("server answered 401")) {
        throw new CliFailure(
            ExitCodes.SERVER,
            "the server refused the API key (revoked, expired or unknown): "
                + e.getMessage()
                + "; run deid login with a valid key");
      }
      throw e;
    }
  }
}
