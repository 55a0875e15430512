package org.deid.core.record;

import java.io.IOException;
import java.util.Objects;

/**
 * A fatal, file-level problem reading a source: empty file, missing or invalid header, not gzip,
 * truncated gzip, a record beyond the parser's buffer. The message names the source, the line and
 * the column where known, never a data value.
 */
public final class RecordFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String reason;

  /**
   * @param source the source name, e.g. the file name
   * @param line the 1-based line, or 0 when the problem is not tied to a line
   * @param reason stable code, e.g. {@code empty_file}, {@code duplicate_column}
   * @param detail explanation without any data value
   */
  public RecordFormatException(String source, long line, String reason, String detail) {
    this(source, line, reason, detail, null);
  }

  /**
   * @param source the source name
   * @param line the 1-based line, or 0
   * @param reason stable code
   * @param detail explanation without any data value
   * @param cause the underlying exception, whose message must not carry data either
   */
  public RecordFormatException(
      String source, long line, String reason, String detail, Throwable cause) {
    super(source + (line > 0 ? ":" + line : "") + ": " + reason + ": " + detail, cause);
    this.source = Objects.requireNonNull(source, "source");
    this.line = line;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * @return the source name
   */
  public String source() {
    return source;
  }

  /**
   * @return the 1-based line, or 0 when not tied to a line
   */
  public long line() {
    return line;
  }

  /**
   * @return the stable reason code
   */
  public String reason() {
    return reason;
  }
}
