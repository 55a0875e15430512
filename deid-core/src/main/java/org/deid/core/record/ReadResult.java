package org.deid.core.record;

import java.util.Objects;

/**
 * One outcome of {@link RecordReader#next()}: a well-formed row or a malformed record.
 *
 * <p>Neither variant's {@code toString} shows field values.
 */
public sealed interface ReadResult {

  /**
   * The 1-based physical line where the record starts (the header, when present, is line 1).
   *
   * @return the line number
   */
  long line();

  /**
   * A well-formed record with exactly one field per column, in column order.
   *
   * @param line 1-based physical line where the record starts
   * @param fields the field values as read (trimmed only if the format asks for it); never null
   *     elements. The array belongs to the caller.
   */
  record Row(long line, String[] fields) implements ReadResult {
    /**
     * @throws NullPointerException if fields is null
     */
    public Row {
      Objects.requireNonNull(fields, "fields");
    }

    /**
     * @return line and field count only, never values
     */
    @Override
    public String toString() {
      return "Row[line=" + line + ", fields=" + fields.length + "]";
    }
  }

  /**
   * A record that could not be read as a row; reading continues after it.
   *
   * @param line 1-based physical line where the record starts
   * @param reason stable code, e.g. {@code field_count}, {@code unclosed_quote}, {@code encoding},
   *     {@code record_too_large}, {@code nul_byte}, {@code json_syntax}, {@code json_not_object},
   *     {@code json_nested_value}, {@code json_unknown_field}, {@code json_duplicate_key}
   * @param detail human-readable explanation without any data value, e.g. "expected 19 fields,
   *     found 18"
   */
  record Malformed(long line, String reason, String detail) implements ReadResult {
    /**
     * @throws NullPointerException if reason or detail is null
     */
    public Malformed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
