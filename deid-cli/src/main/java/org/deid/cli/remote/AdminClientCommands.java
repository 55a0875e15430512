package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.KeySource;
import org.deid.cli.common.PolicySource;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The administrator's everyday client commands: list clients, issue and revoke API keys, and store
 * new policy and key versions. Secrets go to new owner-only files, never to the terminal.
 */
public final class AdminClientCommands {
  private AdminClientCommands() {}

  /**
   * Checks a policy and key file together as the server will, before anything is sent.
   *
   * @param policy the policy file, or null
   * @param keys the key file, or null
   * @throws CliFailure (config) naming the file and the problem
   */
  static void checkLocally(Path policy, Path keys) {
    Policy parsed = policy == null ? null : PolicySource.load(policy);
    KeyMaterial material = keys == null ? null : KeySource.load(keys);
    if (parsed != null && material != null) {
      try {
        Deidentifier.create(parsed, material);
      } catch (PolicyException e) {
        throw new CliFailure(ExitCodes.CONFIG, policy + ": " + e.getMessage());
      }
    }
  }

  /**
   * Refuses a secret output file that exists already.
   *
   * @param file the file
   */
  static void refuseExisting(Path file) {
    if (Files.exists(file)) {
      throw new CliFailure(ExitCodes.USAGE, file + " exists; choose a new file for the secret");
    }
  }

  /**
   * Writes a secret to a new file, owner-only (0600) before any byte is written.
   *
   * @param file the new file
   * @param secret the secret text
   */
  static void writeSecret(Path file, String secret) {
    try {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(
          file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new CliFailure(ExitCodes.USAGE, file + " exists; choose a new file for the secret");
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, "cannot write " + file);
    }
  }

  /**
   * Returns a client's path in the admin API.
   *
   * @param clientId the client id
   * @return {@code /v1/admin/clients/ID}
   */
  static String clientPath(String clientId) {
    return "/v1/admin/clients/" + ServerClient.encodeKey(clientId);
  }

  /** {@code deid admin client ls}: one line per client: id, name, creation time. */
  @Command(name = "ls", description = "List clients.", mixinStandardHelpOptions = true)
  public static final class ListClients implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (JsonNode client : remote.connect().getJson("/v1/admin/clients").path("clients")) {
        out.println(
            client.path("id").asText()
                + "\t"
                + client.path("name").asText()
                + "\t"
                + client.path("createdAt").asText());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin client issue-key ID --api-key-out F}: another API key for a client. */
  @Command(
      name = "issue-key",
      description =
          "Issue another API key for a client into a new file (mode 0600); prints its id.",
      mixinStandardHelpOptions = true)
  public static final class IssueKey implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "ID", description = "Client id.")
    String clientId;

    @CommandLine.Option(
        names = "--api-key-out",
        required = true,
        description = "New file to receive the API key (mode 0600).")
    Path apiKeyOut;

    @CommandLine.Option(
        names = "--expires-at",
        paramLabel = "TIME",
        description = "When the key stops working, ISO-8601 UTC (2027-01-31T00:00:00Z).")
    java.time.Instant expiresAt;

    @Override
    public Integer call() {
      refuseExisting(apiKeyOut);
      Map<String, Object> request =
          expiresAt == null ? Map.of() : Map.of("expiresAt", expiresAt.toString());
      JsonNode key = remote.connect().postJson(clientPath(clientId) + "/api-keys", request);
      writeSecret(apiKeyOut, key.path("apiKey").asText());
      spec.commandLine().getOut().println(key.path("keyId").asText());
      spec.commandLine().getErr().println("deid: API key written to " + apiKeyOut);
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin client revoke-key ID KEY_ID}: the key stops working at once. */
  @Command(
      name = "revoke-key",
      description = "Revoke one of a client's API keys (by key id; see deid whoami).",
      mixinStandardHelpOptions = true)
  public static final class RevokeKey implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "ID", description = "Client id.")
    String clientId;

    @Parameters(index = "1", paramLabel = "KEY_ID", description = "API key id (key_...).")
    String keyId;

    @Override
    public Integer call() {
      remote.connect().delete(clientPath(clientId) + "/api-keys/" + ServerClient.encodeKey(keyId));
      spec.commandLine().getErr().println("deid: API key " + keyId + " revoked");
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin client set-policy ID P}: stores a new policy version. */
  @Command(
      name = "set-policy",
      description = "Store a new policy version for a client (new jobs and runs use it).",
      mixinStandardHelpOptions = true)
  public static final class SetPolicy implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "ID", description = "Client id.")
    String clientId;

    @Parameters(index = "1", paramLabel = "POLICY", description = "Policy file (YAML).")
    Path policy;

    @Override
    public Integer call() {
      checkLocally(policy, null);
      return store(spec, remote.connect(), clientId, "policy", policy);
    }
  }

  /** {@code deid admin client set-keys ID K}: stores a new key version, sealed on the server. */
  @Command(
      name = "set-keys",
      description = "Store a new key file version for a client (sealed under the master key).",
      mixinStandardHelpOptions = true)
  public static final class SetKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "ID", description = "Client id.")
    String clientId;

    @Parameters(index = "1", paramLabel = "KEYS", description = "Key file (JSON).")
    Path keys;

    @Override
    public Integer call() {
      checkLocally(null, keys);
      return store(spec, remote.connect(), clientId, "keys", keys);
    }
  }

  /** Stores a document as the client's next policy or key version and prints the version. */
  private static int store(
      CommandLine.Model.CommandSpec spec,
      ServerClient client,
      String clientId,
      String resource,
      Path file) {
    JsonNode version = client.putFile(clientPath(clientId) + "/" + resource, file);
    printVersion(spec, resource.equals("keys") ? "key" : resource, version);
    return ExitCodes.OK;
  }

  /**
   * Prints a stored version: its number and description (policy name and hash, or key ids and
   * fingerprints; never key bytes).
   */
  static void printVersion(CommandLine.Model.CommandSpec spec, String what, JsonNode version) {
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s version %d: %s%n",
            what,
            version.path("version").asInt(),
            version.path("description").asText(""));
    spec.commandLine().getOut().flush();
  }
}
