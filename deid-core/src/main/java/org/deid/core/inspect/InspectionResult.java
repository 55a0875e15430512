package org.deid.core.inspect;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;
import org.deid.core.record.Compression;
import org.deid.core.record.InputFormat;
import org.deid.core.record.Kind;

/**
 * The guessed format of a file and a profile of its columns, from a bounded sample. Contains no
 * data values; {@link #toString()} is safe to log or print.
 *
 * @param sourceName the name the sample came from
 * @param gzip whether the content was gzip-compressed
 * @param charset the guessed charset: UTF-8 when the sample is valid UTF-8, otherwise windows-1252
 *     when bytes 0x80-0x9F occur (curly quotes, euro sign) and ISO-8859-1 if not
 * @param validUtf8 whether the sample decoded as UTF-8 without errors
 * @param byteOrderMark whether the sample starts with a UTF-8 byte order mark
 * @param kind delimited or NDJSON (first non-blank line starts with <code>{</code>)
 * @param delimiter the guessed delimiter (delimited only)
 * @param quote the quote character (always the double quote)
 * @param header whether the first record looks like a header
 * @param leadingSpaces whether most fields start with a space (FEBRL style: read with trim)
 * @param sampledRows the number of data rows profiled
 * @param columns the column names
 * @param profiles one profile per column, in order
 */
public record InspectionResult(
    String sourceName,
    boolean gzip,
    Charset charset,
    boolean validUtf8,
    boolean byteOrderMark,
    Kind kind,
    char delimiter,
    char quote,
    boolean header,
    boolean leadingSpaces,
    int sampledRows,
    List<String> columns,
    List<ColumnProfile> profiles) {

  /** Copies the lists. @throws NullPointerException if a reference component is null */
  public InspectionResult {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(kind, "kind");
    columns = List.copyOf(columns);
    profiles = List.copyOf(profiles);
  }

  /**
   * The input format matching this guess, ready for {@code RecordReaders.open}.
   *
   * @return the format (compression detection stays automatic)
   */
  public InputFormat toInputFormat() {
    InputFormat base =
        kind == Kind.NDJSON
            ? InputFormat.ndjson()
            : InputFormat.csv()
                .withDelimiter(delimiter)
                .withQuote(quote)
                .withHeader(header)
                .withTrim(leadingSpaces);
    return base.withCharset(charset).withCompression(Compression.AUTO);
  }
}
