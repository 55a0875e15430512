package org.deid.server.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The summary of one on-prem CLI run, as the CLI sends it and the server stores it. Only these
 * fields exist: unknown fields, over-long values and characters that do not belong in a version,
 * key id or file name are refused, so the audit log cannot become a channel for data.
 *
 * @param toolVersion the CLI version
 * @param policyVersion the server policy version the run used (0 when it ran offline)
 * @param keysVersion the server key version the run used (0 when it ran offline)
 * @param keyIds the ids of the keys the run used (never key bytes)
 * @param files per input: names, sizes and counts
 * @param startedAt when the run started (ISO-8601 UTC instant)
 * @param durationMillis how long it took
 * @param exitStatus the CLI's exit code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(
    String toolVersion,
    Integer policyVersion,
    Integer keysVersion,
    List<String> keyIds,
    List<FileSummary> files,
    String startedAt,
    Long durationMillis,
    Integer exitStatus) {
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+_-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MAX_NAME = 255;
  private static final int MAX_FILES = 1000;
  private static final int MAX_KEY_IDS = 100;

  /**
   * One input of a run.
   *
   * @param input the input file name (no directory)
   * @param inputBytes its size, -1 for standard input
   * @param output the output file name (no directory), empty when none was written
   * @param outputBytes its size, -1 when none was written
   * @param rowsRead records read
   * @param rowsWritten records written
   * @param rowsRejected records rejected
   */
  public record FileSummary(
      String input,
      Long inputBytes,
      String output,
      Long outputBytes,
      Long rowsRead,
      Long rowsWritten,
      Long rowsRejected) {}

  /**
   * Parses and validates a summary.
   *
   * @param body the JSON request body
   * @return the summary
   * @throws RunSummaryException naming the first field that is missing, unknown or invalid
   */
  public static RunSummary parse(byte[] body) {
    RunSummary summary;
    try {
      summary = STRICT.readValue(body, RunSummary.class);
    } catch (IOException e) {
      // Jackson's message may quote the body; name only the problem class
      throw new RunSummaryException(
          "the body is not a run summary (only the documented fields are accepted)");
    }
    if (summary == null) {
      throw new RunSummaryException("a JSON body is required");
    }
    summary.validate();
    return summary;
  }

  private void validate() {
    require(toolVersion != null && VERSION.matcher(toolVersion).matches(), "toolVersion");
    require(policyVersion != null && policyVersion >= 0, "policyVersion");
    require(keysVersion != null && keysVersion >= 0, "keysVersion");
    require(keyIds != null && keyIds.size() <= MAX_KEY_IDS, "keyIds");
    for (int i = 0; i < keyIds.size(); i++) {
      String id = keyIds.get(i);
      require(id != null && KEY_ID.matcher(id).matches(), "keyIds[" + i + "]");
    }
    require(files != null && files.size() <= MAX_FILES, "files");
    for (int i = 0; i < files.size(); i++) {
      validate(files.get(i), "files[" + i + "]");
    }
    require(startedAt != null && isInstant(startedAt), "startedAt");
    require(durationMillis != null && durationMillis >= 0, "durationMillis");
    require(exitStatus != null && exitStatus >= 0 && exitStatus <= 255, "exitStatus");
  }

  private static void validate(FileSummary file, String path) {
    require(file != null, path);
    require(isFileName(file.input(), false), path + ".input");
    require(isFileName(file.output(), true), path + ".output");
    require(file.inputBytes() != null && file.inputBytes() >= -1, path + ".inputBytes");
    require(file.outputBytes() != null && file.outputBytes() >= -1, path + ".outputBytes");
    require(file.rowsRead() != null && file.rowsRead() >= 0, path + ".rowsRead");
    require(file.rowsWritten() != null && file.rowsWritten() >= 0, path + ".rowsWritten");
    require(file.rowsRejected() != null && file.rowsRejected() >= 0, path + ".rowsRejected");
  }

  /** A bare file name: no directory, no control character, at most 255 characters. */
  private static boolean isFileName(String name, boolean mayBeEmpty) {
    if (name == null || name.length() > MAX_NAME || (name.isEmpty() && !mayBeEmpty)) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static boolean isInstant(String text) {
    if (text.length() > 40) {
      return false;
    }
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static void require(boolean ok, String field) {
    if (!ok) {
      throw new RunSummaryException("'" + field + "' is missing or not valid");
    }
  }

  /**
   * Serializes the validated summary (only its documented fields).
   *
   * @return JSON text
   */
  public String toJson() {
    try {
      return STRICT.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a run summary", e);
    }
  }

  /**
   * Reads a stored summary back.
   *
   * @param json text written by {@link #toJson()}
   * @return the summary
   */
  static RunSummary fromStored(String json) {
    try {
      return STRICT.readValue(json, RunSummary.class);
    } catch (IOException e) {
      throw new IllegalStateException("a stored run summary is unreadable", e);
    }
  }
}
