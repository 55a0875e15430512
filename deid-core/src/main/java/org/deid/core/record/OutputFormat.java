package org.deid.core.record;

import java.util.Objects;

/**
 * How to write rows: format family, delimiter and quote (delimited only) and line separator.
 *
 * @param kind delimited or NDJSON
 * @param delimiter field separator (delimited only)
 * @param quote quote character (delimited only)
 * @param lineSeparator appended after every line; {@code "\n"} by default
 */
public record OutputFormat(Kind kind, char delimiter, char quote, String lineSeparator) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if delimiter and quote are equal or a line break, or the line
   *     separator is not one of LF, CRLF or CR
   */
  public OutputFormat {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(lineSeparator, "lineSeparator");
    if (delimiter == quote
        || delimiter == '\n'
        || delimiter == '\r'
        || quote == '\n'
        || quote == '\r') {
      throw new IllegalArgumentException("delimiter and quote must differ and not be CR or LF");
    }
    if (!lineSeparator.equals("\n")
        && !lineSeparator.equals("\r\n")
        && !lineSeparator.equals("\r")) {
      throw new IllegalArgumentException("lineSeparator must be LF, CRLF or CR");
    }
  }

  /**
   * @return comma-separated, double quote, LF
   */
  public static OutputFormat csv() {
    return new OutputFormat(Kind.DELIMITED, ',', '"', "\n");
  }

  /**
   * @return tab-separated, double quote, LF
   */
  public static OutputFormat tsv() {
    return new OutputFormat(Kind.DELIMITED, '\t', '"', "\n");
  }

  /**
   * @return pipe-separated, double quote, LF
   */
  public static OutputFormat psv() {
    return new OutputFormat(Kind.DELIMITED, '|', '"', "\n");
  }

  /**
   * @return NDJSON, LF
   */
  public static OutputFormat ndjson() {
    return new OutputFormat(Kind.NDJSON, ',', '"', "\n");
  }

  /**
   * @param value the line separator ({@code "\n"}, {@code "\r\n"} or {@code "\r"}) @return a copy
   */
  public OutputFormat withLineSeparator(String value) {
    return new OutputFormat(kind, delimiter, quote, value);
  }

  /**
   * @param value the field separator @return a copy with it
   */
  public OutputFormat withDelimiter(char value) {
    return new OutputFormat(kind, value, quote, lineSeparator);
  }
}
