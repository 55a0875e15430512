package org.deid.core.record;

import java.util.List;
import java.util.Objects;

/** Creates {@link RowEncoder}s. */
public final class RowEncoders {
  private RowEncoders() {}

  /**
   * Returns an encoder for the format.
   *
   * @param format the output format
   * @param columns the output columns (NDJSON keys; used by delimited output only to write a single
   *     empty field unambiguously)
   * @return a thread-safe encoder
   */
  public static RowEncoder forFormat(OutputFormat format, List<String> columns) {
    Objects.requireNonNull(format, "format");
    List<String> names = List.copyOf(columns);
    return format.kind() == Kind.NDJSON
        ? new NdjsonRowEncoder(names, format.lineSeparator())
        : new DelimitedRowEncoder(format);
  }
}
