package org.deid.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints run summaries from {@code /v1/runs} answers, one line per run. */
public final class RunLines {
  private RunLines() {}

  /**
   * Prints each run: when it was received, its id, exit status, policy and key versions, files and
   * row counts.
   *
   * @param runs the {@code runs} array of the answer
   * @param out where to print
   */
  public static void print(JsonNode runs, PrintWriter out) {
    for (JsonNode run : runs) {
      JsonNode summary = run.path("summary");
      long read = 0;
      long written = 0;
      long rejected = 0;
      for (JsonNode file : summary.path("files")) {
        read += file.path("rowsRead").asLong();
        written += file.path("rowsWritten").asLong();
        rejected += file.path("rowsRejected").asLong();
      }
      out.printf(
          Locale.ROOT,
          "%s %s exit=%d policy=v%d keys=v%d files=%d rows read=%d written=%d rejected=%d"
              + " duration=%dms tool=%s%n",
          run.path("receivedAt").asText(""),
          run.path("id").asText(""),
          summary.path("exitStatus").asInt(),
          summary.path("policyVersion").asInt(),
          summary.path("keysVersion").asInt(),
          summary.path("files").size(),
          read,
          written,
          rejected,
          summary.path("durationMillis").asLong(),
          summary.path("toolVersion").asText(""));
    }
    out.flush();
  }
}
