package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deid admin}: administration of a deid server (needs the admin API key). */
@Command(
    name = "admin",
    description = "Administer a deid server (admin API key).",
    mixinStandardHelpOptions = true,
    subcommands = {
      AdminCommand.ClientCommand.class,
      AdminIngestCommands.Sftp.class,
      AdminIngestCommands.Inbox.class
    })
public final class AdminCommand extends CommandGroup {

  /** {@code deid admin client}: manage clients. */
  @Command(
      name = "client",
      description = "Manage clients.",
      mixinStandardHelpOptions = true,
      subcommands = {
        CreateClient.class,
        AdminClientCommands.ListClients.class,
        AdminClientCommands.IssueKey.class,
        AdminClientCommands.RevokeKey.class,
        AdminClientCommands.SetPolicy.class,
        AdminClientCommands.SetKeys.class,
        AdminOnPremCommands.RotateKeys.class,
        AdminOnPremCommands.ClientRuns.class
      })
  public static final class ClientCommand extends CommandGroup {}

  /**
   * {@code deid admin client create NAME --policy P --keys K --api-key-out F}: creates a client,
   * stores its policy and keys, issues its first API key into a new owner-only file and sets its
   * notification targets. Prints the client id.
   */
  @Command(
      name = "create",
      description = "Create a client with its policy, keys, first API key and notifications.",
      mixinStandardHelpOptions = true)
  public static final class CreateClient implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", description = "Client name.")
    String name;

    @Option(names = "--policy", required = true, description = "Policy file (YAML).")
    Path policy;

    @Option(names = "--keys", required = true, description = "Key file (JSON).")
    Path keys;

    @Option(
        names = "--api-key-out",
        required = true,
        description = "New file to receive the client's API key (mode 0600).")
    Path apiKeyOut;

    @Option(
        names = "--notify-email",
        description = "E-mail address for job notifications (repeatable).")
    List<String> emails = new ArrayList<>();

    @Option(names = "--webhook", description = "Webhook URL for job notifications (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Option(
        names = "--webhook-secret-out",
        description =
            "New file (mode 0600) to receive the webhook signing secret (default with --webhook:"
                + " the --api-key-out file name plus .webhook-secret).")
    Path webhookSecretOut;

    @Override
    public Integer call() {
      if (!webhooks.isEmpty() && webhookSecretOut == null) {
        webhookSecretOut = apiKeyOut.resolveSibling(apiKeyOut.getFileName() + ".webhook-secret");
      }
      AdminClientCommands.checkLocally(policy, keys);
      AdminClientCommands.refuseExisting(apiKeyOut);
      if (webhookSecretOut != null) {
        AdminClientCommands.refuseExisting(webhookSecretOut);
      }
      ServerClient client = remote.connect();
      JsonNode created = client.postJson("/v1/admin/clients", Map.of("name", name));
      String id = created.path("id").asText();
      String base = AdminClientCommands.clientPath(id);
      client.putFile(base + "/policy", policy);
      client.putFile(base + "/keys", keys);
      if (!emails.isEmpty() || !webhooks.isEmpty()) {
        client.putJson(base + "/notifications", Map.of("emails", emails, "webhooks", webhooks));
      }
      if (webhookSecretOut != null) {
        AdminClientCommands.writeSecret(webhookSecretOut, created.path("webhookSecret").asText());
      }
      JsonNode key = client.postJson(base + "/api-keys", Map.of());
      AdminClientCommands.writeSecret(apiKeyOut, key.path("apiKey").asText());
      spec.commandLine().getOut().println(id);
      spec.commandLine().getErr().println("deid: API key written to " + apiKeyOut);
      if (webhookSecretOut != null) {
        spec.commandLine()
            .getErr()
            .println("deid: webhook signing secret written to " + webhookSecretOut);
      }
      return ExitCodes.OK;
    }
  }
}
