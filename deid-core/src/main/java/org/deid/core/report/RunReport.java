package org.deid.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of one run: what was read, written and rejected, why attributes were invalid, how
 * often each token rule produced a token, what happened to each column, and with which policy and
 * keys. It holds counts, names, line numbers, key ids and keyed fingerprints: never a data value,
 * never key material.
 *
 * @param toolVersion the deid version
 * @param input the input's name
 * @param output the output's name
 * @param policy the policy's name, version, method and SHA-256
 * @param keys key ids and keyed fingerprints
 * @param rowsRead input records seen
 * @param rowsWritten input records written
 * @param rejectedLines rejected line numbers by reason
 * @param invalidAttributes invalid identifying attributes by attribute and reason
 * @param invalidValues invalid values of transformed columns by column and reason
 * @param tokenRules per rule: id, expression, filled and empty counts
 * @param outputColumns the output's columns
 * @param actions the action applied to each input column
 * @param birthDateBound the latest birth date that counts as valid for tokens, and where it came
 *     from
 * @param started when the run started
 * @param finished when it finished
 * @param threads worker threads used
 */
public record RunReport(
    String toolVersion,
    String input,
    String output,
    PolicyInfo policy,
    List<KeyDescription> keys,
    long rowsRead,
    long rowsWritten,
    Map<String, long[]> rejectedLines,
    Map<String, Map<String, Long>> invalidAttributes,
    Map<String, Map<String, Long>> invalidValues,
    List<TokenFill> tokenRules,
    List<String> outputColumns,
    Map<String, String> actions,
    DateBound birthDateBound,
    Instant started,
    Instant finished,
    int threads) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The policy a run used.
   *
   * @param name policy name
   * @param version policy version
   * @param method de-identification method (safe-harbor or expert-determination)
   * @param sha256 hex SHA-256 of the policy file
   */
  public record PolicyInfo(String name, int version, String method, String sha256) {}

  /**
   * A date the run's output depends on, and where it came from, so that a run can be reproduced.
   *
   * @param date the date
   * @param source {@code reference_date} (the policy's) or {@code run_date} (the UTC date the run
   *     started, used when the policy has no reference date)
   */
  public record DateBound(LocalDate date, String source) {}

  /**
   * A key used by the run.
   *
   * @param kind linkage, site or prf
   * @param id the key id
   * @param fingerprint keyed fingerprint (never a plain hash of the secret)
   * @param primary whether it is the primary key of its set
   */
  public record KeyDescription(String kind, String id, String fingerprint, boolean primary) {}

  /**
   * How often a token rule produced a token.
   *
   * @param rule rule id
   * @param expression rule expression
   * @param filled rows with a token
   * @param empty rows without (an attribute was absent or invalid)
   */
  public record TokenFill(String rule, String expression, long filled, long empty) {
    /**
     * Returns the share of rows with a token.
     *
     * @return a number from 0 to 1
     */
    public double fillRate() {
      long total = filled + empty;
      return total == 0 ? 0 : (double) filled / total;
    }
  }

  /**
   * Returns a copy naming another output.
   *
   * @param name the output's name
   * @return the new report
   */
  public RunReport withOutput(String name) {
    return new RunReport(
        toolVersion,
        input,
        name,
        policy,
        keys,
        rowsRead,
        rowsWritten,
        rejectedLines,
        invalidAttributes,
        invalidValues,
        tokenRules,
        outputColumns,
        actions,
        birthDateBound,
        started,
        finished,
        threads);
  }

  /**
   * Returns the number of rejected records.
   *
   * @return the count
   */
  public long rowsRejected() {
    long total = 0;
    for (long[] lines : rejectedLines.values()) {
      total += lines.length;
    }
    return total;
  }

  /**
   * Returns the run's duration.
   *
   * @return elapsed time
   */
  public Duration duration() {
    return Duration.between(started, finished);
  }

  /**
   * Renders the report as pretty-printed JSON (UTF-8).
   *
   * @return the JSON bytes
   */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsString(toTree()).concat("\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a short human summary for a terminal.
   *
   * @return a few lines of text
   */
  public String summary() {
    double seconds = Math.max(duration().toMillis(), 1) / 1000.0;
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s: %,d rows read, %,d written, %,d rejected in %.1f s (%,.0f rows/s)%n",
            input,
            rowsRead,
            rowsWritten,
            rowsRejected(),
            seconds,
            rowsRead / seconds));
    for (TokenFill fill : tokenRules) {
      text.append(
          String.format(Locale.ROOT, "  %s filled %.1f%%", fill.rule(), fill.fillRate() * 100));
    }
    if (!tokenRules.isEmpty()) {
      text.append(System.lineSeparator());
    }
    rejectedLines.forEach(
        (reason, lines) ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "  rejected %,d (%s), first at line %d%n",
                    lines.length,
                    reason,
                    lines[0])));
    return text.toString();
  }

  private Map<String, Object> toTree() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("report_format", "deid-run-report/1");
    root.put("tool", Map.of("name", "deid", "version", toolVersion));
    root.put("input", input);
    root.put("output", output);
    Map<String, Object> policyTree = new LinkedHashMap<>();
    policyTree.put("name", policy.name());
    policyTree.put("version", policy.version());
    policyTree.put("method", policy.method());
    policyTree.put("sha256", policy.sha256());
    root.put("policy", policyTree);
    List<Map<String, Object>> keyTree = new ArrayList<>();
    for (KeyDescription key : keys) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", key.kind());
      entry.put("id", key.id());
      entry.put("fingerprint", key.fingerprint());
      entry.put("primary", key.primary());
      keyTree.add(entry);
    }
    root.put("keys", keyTree);
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("read", rowsRead);
    rows.put("written", rowsWritten);
    rows.put("rejected", rowsRejected());
    root.put("rows", rows);
    Map<String, Object> rejected = new LinkedHashMap<>();
    rejectedLines.forEach((reason, lines) -> rejected.put(reason, lines));
    root.put("rejected_lines_by_reason", rejected);
    root.put("invalid_attributes", invalidAttributes);
    root.put("invalid_values", invalidValues);
    List<Map<String, Object>> tokens = new ArrayList<>();
    for (TokenFill fill : tokenRules) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("rule", fill.rule());
      entry.put("expression", fill.expression());
      entry.put("filled", fill.filled());
      entry.put("empty", fill.empty());
      entry.put("fill_rate", Math.round(fill.fillRate() * 1_000_000) / 1_000_000.0);
      tokens.add(entry);
    }
    root.put("token_rules", tokens);
    root.put("output_columns", outputColumns);
    root.put("actions", actions);
    Map<String, Object> bound = new LinkedHashMap<>();
    bound.put("date", birthDateBound.date().toString());
    bound.put("source", birthDateBound.source());
    root.put("birth_dates_valid_until", bound);
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("started", started.toString());
    timing.put("finished", finished.toString());
    timing.put("seconds", duration().toMillis() / 1000.0);
    timing.put("threads", threads);
    root.put("timing", timing);
    return root;
  }
}
