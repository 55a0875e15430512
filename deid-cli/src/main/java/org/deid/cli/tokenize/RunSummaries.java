package org.deid.cli.tokenize;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deid.cli.CliFailure;
import org.deid.cli.login.ServerConfig;
import org.deid.cli.login.ServerSession;
import org.deid.core.pipeline.PipelineResult;
import org.deid.core.report.RunReport;

/**
 * Collects the run summary the CLI sends to the server after a {@code --server-config} run of
 * {@code tokenize} or {@code rekey}: tool version, policy and key versions, key ids, per input the
 * file names (no directories), sizes and row counts, the duration and the exit status. Never a
 * value from a file, never a token, never key bytes.
 */
final class RunSummaries {
  private final String toolVersion;
  private final ServerConfig config;
  private final Instant started = Instant.now();
  private final List<Map<String, Object>> files = new ArrayList<>();

  RunSummaries(String toolVersion, ServerConfig config) {
    this.toolVersion = toolVersion;
    this.config = config;
  }

  /** Records one tokenized input; {@code output} and {@code report} are null when it failed. */
  void add(String inputName, long inputBytes, Path output, RunReport report) {
    if (report == null) {
      addFailed(inputName, inputBytes);
    } else {
      add(
          inputName,
          inputBytes,
          output,
          report.rowsRead(),
          report.rowsWritten(),
          report.rowsRejected());
    }
  }

  /** Records one re-keyed input. */
  void add(String inputName, long inputBytes, Path output, PipelineResult result) {
    add(
        inputName,
        inputBytes,
        output,
        result.rowsRead(),
        result.rowsWritten(),
        result.rejected().total());
  }

  /** Records an input whose run failed: no output, no counts. */
  void addFailed(String inputName, long inputBytes) {
    add(inputName, inputBytes, null, 0, 0, 0);
  }

  private void add(
      String inputName,
      long inputBytes,
      Path output,
      long rowsRead,
      long rowsWritten,
      long rowsRejected) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("input", inputName);
    file.put("inputBytes", inputBytes);
    file.put("output", output == null ? "" : output.getFileName().toString());
    file.put("outputBytes", output == null ? -1L : sizeOf(output));
    file.put("rowsRead", rowsRead);
    file.put("rowsWritten", rowsWritten);
    file.put("rowsRejected", rowsRejected);
    files.add(file);
  }

  /** Sends the summary; a failure to send is a warning, never a failed run. */
  void send(ServerSession session, int exitStatus, PrintStream err) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("toolVersion", toolVersion);
    summary.put("policyVersion", config.policyVersion());
    summary.put("keysVersion", config.keysVersion());
    summary.put("keyIds", config.keyIds());
    summary.put("files", files);
    summary.put("startedAt", started.toString());
    summary.put("durationMillis", Duration.between(started, Instant.now()).toMillis());
    summary.put("exitStatus", exitStatus);
    try {
      session.sendRun(summary);
    } catch (CliFailure | IllegalStateException e) {
      err.println("warning: the run summary was not sent to the server: " + e.getMessage());
    }
  }

  private static long sizeOf(Path output) {
    try {
      return Files.size(output);
    } catch (IOException e) {
      return -1;
    }
  }
}
