package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deid jobs}: submit and follow de-identification jobs on a deid server. */
@Command(
    name = "jobs",
    description = "Submit and follow jobs on a deid server.",
    mixinStandardHelpOptions = true,
    subcommands = {
      JobsCommand.Submit.class,
      JobsCommand.Status.class,
      JobsCommand.Ls.class,
      JobsCommand.Wait.class,
      JobsCommand.Cancel.class
    })
public final class JobsCommand extends CommandGroup {

  static String line(JsonNode job) {
    StringBuilder text = new StringBuilder();
    text.append(job.path("id").asText()).append('\t').append(job.path("state").asText());
    text.append("\tattempts=").append(job.path("attempts").asInt());
    text.append("\trows=").append(job.path("rowsDone").asLong());
    if (job.hasNonNull("reason")) {
      text.append("\treason=").append(job.path("reason").asText());
    }
    return text.toString();
  }

  static boolean terminal(JsonNode job) {
    return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("state").asText());
  }

  /** Polls until the job finishes, printing progress on stderr; fails unless it succeeded. */
  static int await(ServerClient client, String jobId, PrintWriter err) {
    String last = "";
    while (true) {
      JsonNode job = client.getJson("/v1/jobs/" + ServerClient.encodeKey(jobId));
      String progress = job.path("state").asText() + " rows=" + job.path("rowsDone").asLong();
      if (!progress.equals(last)) {
        err.println("deid: job " + jobId + " " + progress);
        err.flush();
        last = progress;
      }
      if (terminal(job)) {
        if (!job.path("state").asText().equals("SUCCEEDED")) {
          String reason = job.hasNonNull("reason") ? ": " + job.path("reason").asText() : "";
          throw new CliFailure(
              ExitCodes.RUN_FAILED, "job " + jobId + " " + job.path("state").asText() + reason);
        }
        for (JsonNode output : job.path("outputs")) {
          err.println(
              "deid: wrote "
                  + output.path("output").asText()
                  + " and "
                  + output.path("report").asText());
        }
        return ExitCodes.OK;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(ExitCodes.RUN_FAILED, "interrupted while waiting for job " + jobId);
      }
    }
  }

  /** {@code deid jobs submit --input R... --output P [--wait]}: prints only the job id. */
  @Command(
      name = "submit",
      description = "Submit a job; prints its id.",
      mixinStandardHelpOptions = true)
  public static final class Submit implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Option(
        names = "--input",
        required = true,
        arity = "1..*",
        description = "Remote input file(s).")
    List<String> inputs;

    @Option(names = "--output", required = true, description = "Remote output prefix, e.g. out/.")
    String output;

    @Option(names = "--priority", description = "0-9, higher first (default 0).")
    Integer priority;

    @Option(names = "--policy-version", description = "Policy version (default: the current one).")
    Integer policyVersion;

    @Option(
        names = "--idempotency-key",
        description = "Submitting again with this key returns the same job.")
    String idempotencyKey;

    @Option(
        names = "--wait",
        description = "Wait for the job; progress on stderr; non-zero exit if it fails.")
    boolean await;

    @Override
    public Integer call() {
      ServerClient client = remote.connect();
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("inputs", inputs);
      request.put("outputPrefix", output);
      if (priority != null) {
        request.put("priority", priority);
      }
      if (policyVersion != null) {
        request.put("policyVersion", policyVersion);
      }
      if (idempotencyKey != null) {
        request.put("idempotencyKey", idempotencyKey);
      }
      String id = client.postJson("/v1/jobs", request).path("id").asText();
      spec.commandLine().getOut().println(id);
      spec.commandLine().getOut().flush();
      return await ? JobsCommand.await(client, id, spec.commandLine().getErr()) : ExitCodes.OK;
    }
  }

  /** {@code deid jobs status ID}: one line: id, state, attempts, rows, reason. */
  @Command(name = "status", description = "Show a job.", mixinStandardHelpOptions = true)
  public static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", description = "Job id.")
    String id;

    @Override
    public Integer call() {
      spec.commandLine()
          .getOut()
          .println(line(remote.connect().getJson("/v1/jobs/" + ServerClient.encodeKey(id))));
      return ExitCodes.OK;
    }
  }

  /** {@code deid jobs ls [--state S] [--limit N | --all]}: one line per job, newest first. */
  @Command(
      name = "ls",
      description = "List jobs, newest first: the 100 most recent unless told otherwise.",
      mixinStandardHelpOptions = true)
  public static final class Ls implements Callable<Integer> {
    private static final int PAGE = 1000;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Option(
        names = "--state",
        paramLabel = "STATE",
        description =
            "Only jobs in this state: SUBMITTED, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED.")
    String state;

    @Option(
        names = "--limit",
        defaultValue = "100",
        paramLabel = "N",
        description = "The most jobs to list. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--all", description = "List every job (page after page).")
    boolean all;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new CliFailure(ExitCodes.USAGE, "--limit must be at least 1");
      }
      PrintWriter out = spec.commandLine().getOut();
      long max = all ? Long.MAX_VALUE : limit;
      StringBuilder path = new StringBuilder("/v1/jobs?limit=").append(Math.min(max, PAGE));
      if (state != null) {
        path.append("&state=").append(ServerClient.encodeKey(state.toUpperCase(Locale.ROOT)));
      }
      remote.connect().forEachPage(path.toString(), "jobs", max, job -> out.println(line(job)));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code deid jobs wait ID}: exits 0 only if the job succeeded. */
  @Command(
      name = "wait",
      description = "Wait for a job; non-zero exit unless it succeeded.",
      mixinStandardHelpOptions = true)
  public static final class Wait implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", description = "Job id.")
    String id;

    @Override
    public Integer call() {
      return JobsCommand.await(remote.connect(), id, spec.commandLine().getErr());
    }
  }

  /**
   * {@code deid jobs cancel ID}: cancels a waiting job at once, a running one at its next
   * heartbeat.
   */
  @Command(name = "cancel", description = "Cancel a job.", mixinStandardHelpOptions = true)
  public static final class Cancel implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", description = "Job id.")
    String id;

    @Override
    public Integer call() {
      spec.commandLine()
          .getOut()
          .println(
              line(
                  remote
                      .connect()
                      .postJson("/v1/jobs/" + ServerClient.encodeKey(id) + "/cancel", Map.of())));
      return ExitCodes.OK;
    }
  }
}
