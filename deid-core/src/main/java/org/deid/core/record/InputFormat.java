package org.deid.core.record;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How to read an input file: format family, delimiter and quote (delimited only), header, charset,
 * compression, trimming and size limits.
 *
 * <p>Immutable; build one from {@link #csv()}, {@link #tsv()}, {@link #psv()} or {@link #ndjson()}
 * and adjust it with the {@code withX} methods.
 *
 * @param kind delimited or NDJSON
 * @param delimiter field separator (delimited only)
 * @param quote quote character (delimited only)
 * @param header whether the first record holds the column names (delimited only; NDJSON takes the
 *     columns from the keys of its first object)
 * @param charset how to decode the bytes; undecodable bytes reject their record as {@code encoding}
 * @param compression how to detect or require gzip
 * @param trim strip spaces and tabs around every field and column name (for files such as FEBRL
 *     that put a space after every comma); off by default so fields come back exactly as written
 * @param maxFieldChars the longest field accepted, in characters; a longer one rejects its record
 *     as {@code record_too_large}
 * @param maxRecordChars the longest record (or NDJSON line) accepted, in characters
 */
public record InputFormat(
    Kind kind,
    char delimiter,
    char quote,
    boolean header,
    Charset charset,
    Compression compression,
    boolean trim,
    int maxFieldChars,
    int maxRecordChars) {

  /** Default {@link #maxFieldChars()}: 1 Mi characters, room for long clinical notes. */
  public static final int DEFAULT_MAX_FIELD_CHARS = 1 << 20;

  /** Default {@link #maxRecordChars()}: 4 Mi characters. */
  public static final int DEFAULT_MAX_RECORD_CHARS = 4 << 20;

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if delimiter and quote are equal or a line-break character, or
   *     a limit is not positive or the field limit exceeds the record limit
   */
  public InputFormat {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(compression, "compression");
    if (delimiter == quote || isLineBreak(delimiter) || isLineBreak(quote)) {
      throw new IllegalArgumentException("delimiter and quote must differ and not be CR or LF");
    }
    if (maxFieldChars <= 0 || maxRecordChars < maxFieldChars) {
      throw new IllegalArgumentException("need 0 < maxFieldChars <= maxRecordChars");
    }
  }

  /**
   * A format without trimming and with the default limits.
   *
   * @param kind delimited or NDJSON
   * @param delimiter field separator
   * @param quote quote character
   * @param header whether the first record is a header
   * @param charset how to decode
   * @param compression gzip handling
   */
  public InputFormat(
      Kind kind,
      char delimiter,
      char quote,
      boolean header,
      Charset charset,
      Compression compression) {
    this(
        kind,
        delimiter,
        quote,
        header,
        charset,
        compression,
        false,
        DEFAULT_MAX_FIELD_CHARS,
        DEFAULT_MAX_RECORD_CHARS);
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  /**
   * @return comma-separated, double quote, header, UTF-8, compression detected
   */
  public static InputFormat csv() {
    return delimited(',');
  }

  /**
   * @return tab-separated, double quote, header, UTF-8, compression detected
   */
  public static InputFormat tsv() {
    return delimited('\t');
  }

  /**
   * @return pipe-separated, double quote, header, UTF-8, compression detected
   */
  public static InputFormat psv() {
    return delimited('|');
  }

  /**
   * @return NDJSON, UTF-8, compression detected
   */
  public static InputFormat ndjson() {
    return new InputFormat(Kind.NDJSON, ',', '"', true, StandardCharsets.UTF_8, Compression.AUTO);
  }

  private static InputFormat delimited(char delimiter) {
    return new InputFormat(
        Kind.DELIMITED, delimiter, '"', true, StandardCharsets.UTF_8, Compression.AUTO);
  }

  /**
   * @param value the field separator, e.g. {@code ';'} @return a copy with it
   */
  public InputFormat withDelimiter(char value) {
    return new InputFormat(
        kind, value, quote, header, charset, compression, trim, maxFieldChars, maxRecordChars);
  }

  /**
   * @param value the quote character @return a copy with it
   */
  public InputFormat withQuote(char value) {
    return new InputFormat(
        kind, delimiter, value, header, charset, compression, trim, maxFieldChars, maxRecordChars);
  }

  /**
   * @param value whether the first record is a header @return a copy with it
   */
  public InputFormat withHeader(boolean value) {
    return new InputFormat(
        kind, delimiter, quote, value, charset, compression, trim, maxFieldChars, maxRecordChars);
  }

  /**
   * @param value the charset to decode with @return a copy with it
   */
  public InputFormat withCharset(Charset value) {
    return new InputFormat(
        kind, delimiter, quote, header, value, compression, trim, maxFieldChars, maxRecordChars);
  }

  /**
   * @param value the compression handling @return a copy with it
   */
  public InputFormat withCompression(Compression value) {
    return new InputFormat(
        kind, delimiter, quote, header, charset, value, trim, maxFieldChars, maxRecordChars);
  }

  /**
   * @param value whether to strip spaces and tabs around fields @return a copy with it
   */
  public InputFormat withTrim(boolean value) {
    return new InputFormat(
        kind, delimiter, quote, header, charset, compression, value, maxFieldChars, maxRecordChars);
  }

  /**
   * @param fieldChars the longest field accepted
   * @param recordChars the longest record accepted
   * @return a copy with these limits
   */
  public InputFormat withLimits(int fieldChars, int recordChars) {
    return new InputFormat(
        kind, delimiter, quote, header, charset, compression, trim, fieldChars, recordChars);
  }
}
