package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.SecretFile;
import org.deid.core.key.SecretBytes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deid admin sftp ...} and {@code deid admin inbox ...}: a client's SFTP keys and password,
 * and its inbox rules. CLIENT is the client's id or name. A password never comes from a
 * command-line value: from a file ({@code --password-file}) or typed twice at a prompt.
 */
public final class AdminIngestCommands {
  private AdminIngestCommands() {}

  /** Finds a client by its id or name and returns its path in the admin API. */
  private static String clientPath(ServerClient server, String idOrName) {
    for (JsonNode c : server.getJson("/v1/admin/clients").path("clients")) {
      if (c.path("id").asText().equals(idOrName) || c.path("name").asText().equals(idOrName)) {
        return AdminClientCommands.clientPath(c.path("id").asText());
      }
    }
    throw new CliFailure(ExitCodes.USAGE, "no client has the id or name '" + idOrName + "'");
  }

  /**
   * Returns the field {@code idField} of the last entry whose field {@code field} is {@code value}.
   */
  private static Optional<String> idOf(
      JsonNode entries, String field, String value, String idField) {
    String found = null;
    for (JsonNode entry : entries) {
      if (entry.path(field).asText().equals(value)) {
        found = entry.path(idField).asText();
      }
    }
    return Optional.ofNullable(found);
  }

  /** {@code deid admin sftp}: SFTP logins of a client. */
  @Command(
      name = "sftp",
      description = "Manage a client's SFTP keys and password.",
      mixinStandardHelpOptions = true,
      subcommands = {
        AddKey.class,
        RemoveKey.class,
        ListKeys.class,
        SetPassword.class,
        RemovePassword.class
      })
  public static final class Sftp extends CommandGroup {}

  /** {@code deid admin sftp add-key CLIENT PUBKEY_FILE}. */
  @Command(
      name = "add-key",
      description = "Allow an OpenSSH public key (a .pub file) to log in as the client.",
      mixinStandardHelpOptions = true)
  public static final class AddKey implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Parameters(index = "1", paramLabel = "PUBKEY_FILE", description = "Public key file (.pub).")
    Path keyFile;

    @Override
    public Integer call() {
      String line;
      try {
        line = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new CliFailure(ExitCodes.USAGE, "cannot read " + keyFile);
      }
      ServerClient server = remote.connect();
      JsonNode key =
          server.postJson(clientPath(server, client) + "/sftp/keys", Map.of("publicKey", line));
      printKey(spec.commandLine().getOut(), key);
      return ExitCodes.OK;
    }
  }

  private static void printKey(PrintWriter out, JsonNode key) {
    out.printf(
        Locale.ROOT,
        "%s\t%s\t%s\t%s%n",
        key.path("keyId").asText(),
        key.path("type").asText(),
        key.path("fingerprint").asText(),
        key.path("createdAt").asText());
    out.flush();
  }

  /** {@code deid admin sftp remove-key CLIENT KEY}. */
  @Command(
      name = "remove-key",
      description = "Remove a client's SFTP key, by key id or SHA256 fingerprint.",
      mixinStandardHelpOptions = true)
  public static final class RemoveKey implements Callable<Integer> {
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Parameters(
        index = "1",
        paramLabel = "KEY",
        description = "Key id (from 'keys') or fingerprint (SHA256:...).")
    String key;

    @Override
    public Integer call() {
      ServerClient server = remote.connect();
      String path = clientPath(server, client);
      String keyId =
          idOf(server.getJson(path + "/sftp").path("keys"), "fingerprint", key, "keyId")
              .orElse(key);
      server.delete(path + "/sftp/keys/" + ServerClient.encodeKey(keyId));
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin sftp keys CLIENT}. */
  @Command(
      name = "keys",
      description = "List a client's SFTP keys and whether it has a password.",
      mixinStandardHelpOptions = true)
  public static final class ListKeys implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Override
    public Integer call() {
      ServerClient server = remote.connect();
      JsonNode account = server.getJson(clientPath(server, client) + "/sftp");
      PrintWriter out = spec.commandLine().getOut();
      for (JsonNode key : account.path("keys")) {
        printKey(out, key);
      }
      out.println("password\t" + (account.path("password").asBoolean() ? "set" : "none"));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin sftp set-password CLIENT [--password-file F]}. */
  @Command(
      name = "set-password",
      description = {
        "Set (or replace) the client's SFTP password: from --password-file, or typed twice.",
        "Stored by the server as a bcrypt hash; 12 to 71 bytes."
      },
      mixinStandardHelpOptions = true)
  public static final class SetPassword implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "File holding the password (one trailing newline is ignored).")
    Path passwordFile;

    @Override
    public Integer call() {
      byte[] password = passwordFile != null ? fromFile() : prompted();
      try {
        ServerClient server = remote.connect();
        server.putBytes(clientPath(server, client) + "/sftp/password", password);
      } finally {
        Arrays.fill(password, (byte) 0);
      }
      spec.commandLine().getErr().println("deid: SFTP password set");
      return ExitCodes.OK;
    }

    private byte[] fromFile() {
      SecretBytes secret = SecretFile.read(passwordFile, "--password-file");
      try {
        return secret.copy();
      } finally {
        secret.destroy();
      }
    }

    private static byte[] prompted() {
      Console console = System.console();
      if (console == null) {
        throw new CliFailure(
            ExitCodes.USAGE, "no terminal to type the password: use --password-file FILE");
      }
      char[] first = console.readPassword("SFTP password: ");
      char[] second = console.readPassword("Again: ");
      try {
        if (first == null || second == null || !Arrays.equals(first, second)) {
          throw new CliFailure(ExitCodes.USAGE, "the passwords differ");
        }
        var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
      } finally {
        if (first != null) {
          Arrays.fill(first, '\0');
        }
        if (second != null) {
          Arrays.fill(second, '\0');
        }
      }
    }
  }

  /** {@code deid admin sftp remove-password CLIENT}. */
  @Command(
      name = "remove-password",
      description = "Remove the client's SFTP password (key logins stay).",
      mixinStandardHelpOptions = true)
  public static final class RemovePassword implements Callable<Integer> {
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Override
    public Integer call() {
      ServerClient server = remote.connect();
      server.delete(clientPath(server, client) + "/sftp/password");
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin inbox}: inbox rules of a client. */
  @Command(
      name = "inbox",
      description = "Manage a client's inbox rules (jobs that start when a file lands).",
      mixinStandardHelpOptions = true,
      subcommands = {SetRule.class, ListRules.class, RemoveRule.class})
  public static final class Inbox extends CommandGroup {}

  /** {@code deid admin inbox set CLIENT --path GLOB --output PREFIX [--policy-version V]}. */
  @Command(
      name = "set",
      description = {
        "Create or change a rule: a complete file matching GLOB starts a job writing to PREFIX.",
        "Setting the same --path again changes its output and policy version."
      },
      mixinStandardHelpOptions = true)
  public static final class SetRule implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Option(
        names = "--path",
        required = true,
        paramLabel = "GLOB",
        description = "Files that start jobs, e.g. 'inbox/*.csv' (quote it for the shell).")
    String path;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "PREFIX",
        description = "Output folder, e.g. out/ (not inside the rule's folder).")
    String output;

    @Option(
        names = "--policy-version",
        paramLabel = "V",
        description = "Policy version to use (default: the current one at each start).")
    Integer policyVersion;

    @Override
    public Integer call() {
      ServerClient server = remote.connect();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("path", path);
      body.put("outputPrefix", output);
      if (policyVersion != null) {
        body.put("policyVersion", policyVersion);
      }
      JsonNode rule = server.putJson(clientPath(server, client) + "/inbox-rules", body);
      printRule(spec.commandLine().getOut(), rule);
      return ExitCodes.OK;
    }
  }

  private static void printRule(PrintWriter out, JsonNode rule) {
    out.printf(
        Locale.ROOT,
        "%s\t%s\t%s\t%s%n",
        rule.path("ruleId").asText(),
        rule.path("path").asText(),
        rule.path("outputPrefix").asText(),
        rule.has("policyVersion")
            ? "policy v" + rule.path("policyVersion").asInt()
            : "current policy");
    out.flush();
  }

  /** {@code deid admin inbox list CLIENT}. */
  @Command(
      name = "list",
      description = "List a client's inbox rules in the order they are tried.",
      mixinStandardHelpOptions = true)
  public static final class ListRules implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Override
    public Integer call() {
      ServerClient server = remote.connect();
      for (JsonNode rule :
          server.getJson(clientPath(server, client) + "/inbox-rules").path("rules")) {
        printRule(spec.commandLine().getOut(), rule);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code deid admin inbox remove CLIENT (RULE_ID | --path GLOB)}. */
  @Command(
      name = "remove",
      description = "Remove a client's inbox rule, by rule id or by its --path glob.",
      mixinStandardHelpOptions = true)
  public static final class RemoveRule implements Callable<Integer> {
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", paramLabel = "CLIENT", description = "Client id or name.")
    String client;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RULE_ID", description = "Rule id.")
    String ruleId;

    @Option(names = "--path", paramLabel = "GLOB", description = "The rule's glob.")
    String path;

    @Override
    public Integer call() {
      if ((ruleId == null) == (path == null)) {
        throw new CliFailure(ExitCodes.USAGE, "give either RULE_ID or --path GLOB");
      }
      ServerClient server = remote.connect();
      String rules = clientPath(server, client) + "/inbox-rules";
      String target = ruleId;
      if (path != null) {
        target =
            idOf(server.getJson(rules).path("rules"), "path", path, "ruleId")
                .orElseThrow(
                    () ->
                        new CliFailure(ExitCodes.USAGE, "the client has no rule with this --path"));
      }
      server.delete(rules + "/" + ServerClient.encodeKey(target));
      return ExitCodes.OK;
    }
  }
}
