package org.deid.core.pipeline;

import org.deid.core.policy.InputSpec;
import org.deid.core.policy.OutputSpec;
import org.deid.core.policy.Policy;
import org.deid.core.record.InputFormat;
import org.deid.core.record.OutputFormat;

/** Maps a policy's input and output sections to record formats. */
public final class PolicyFormats {
  private PolicyFormats() {}

  /**
   * Returns the input format a policy declares.
   *
   * @param policy the policy
   * @return the record input format
   */
  public static InputFormat input(Policy policy) {
    InputSpec spec = policy.input();
    InputFormat base =
        switch (spec.format()) {
          case "tsv" -> InputFormat.tsv();
          case "psv" -> InputFormat.psv();
          case "ndjson" -> InputFormat.ndjson();
          default -> InputFormat.csv();
        };
    return base.withDelimiter(spec.delimiter())
        .withQuote(spec.quote())
        .withHeader(spec.header())
        .withCharset(spec.encoding())
        .withTrim(spec.trim());
  }

  /**
   * Returns the output format a policy declares.
   *
   * @param policy the policy
   * @return the record output format
   */
  public static OutputFormat output(Policy policy) {
    OutputSpec spec = policy.output();
    OutputFormat base =
        switch (spec.format()) {
          case "tsv" -> OutputFormat.tsv();
          case "psv" -> OutputFormat.psv();
          case "ndjson" -> OutputFormat.ndjson();
          default -> OutputFormat.csv();
        };
    return new OutputFormat(base.kind(), spec.delimiter(), spec.quote(), base.lineSeparator());
  }
}
