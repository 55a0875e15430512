package org.deid.core.record;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads delimited text with FastCSV and turns every record into a {@link ReadResult}.
 *
 * <p>FastCSV runs in its relaxed mode (characters after a closing quote are kept, a quote inside an
 * unquoted field is data) because its iterator cannot continue after a parse exception; this class
 * checks field counts, sizes, encoding and NUL itself so that one bad record never stops the file.
 */
final class DelimitedRecordReader implements RecordReader {
  /** FastCSV's own buffer ceiling: beyond it parsing cannot continue, so the file fails. */
  private static final int BUFFER_HEADROOM = 2;

  private final String source;
  private final SourceStreams.Opened opened;
  private final QuoteAuditReader audit;
  private final CsvReader<FieldCollector> csv;
  private final CloseableIterator<FieldCollector> records;
  private final List<String> columns;
  private final int maxBufferChars;
  private ReadResult pendingFirstRow;
  private long lastStartLine;
  private boolean finished;

  // allowExtraCharsAfterClosingQuote is deprecated for removal in FastCSV 4.x; strict mode is no
  // alternative (its iterator cannot continue after the exception), so revisit on upgrade.
  @SuppressWarnings("removal")
  DelimitedRecordReader(SourceStreams.Opened opened, InputFormat format, String source)
      throws IOException {
    this.source = source;
    this.opened = opened;
    this.maxBufferChars =
        (int) Math.min(Integer.MAX_VALUE - 16, (long) format.maxRecordChars() * BUFFER_HEADROOM);
    this.audit = new QuoteAuditReader(opened.reader(), format.delimiter(), format.quote());
    this.csv =
        CsvReader.builder()
            .fieldSeparator(format.delimiter())
            .quoteCharacter(format.quote())
            .commentStrategy(CommentStrategy.NONE)
            .skipEmptyLines(true)
            .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
            .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
            .allowExtraCharsAfterClosingQuote(true)
            .allowUnclosedQuote(false)
            .maxBufferSize(maxBufferChars)
            .build(
                new FieldCollector(format.trim(), format.maxFieldChars(), format.maxRecordChars()),
                audit);
    this.records = csv.iterator();
    this.columns = readColumns(format.header());
  }

  private List<String> readColumns(boolean header) throws IOException {
    Optional<FieldCollector> first;
    try {
      first = fetch();
    } catch (CsvParseException e) {
      ReadResult failure = parseFailure(e, 1);
      throw new RecordFormatException(
          source,
          failure.line(),
          "unclosed_quote",
          "a quote opened in the first record is never closed");
    }
    if (first.isEmpty()) {
      throw new RecordFormatException(source, 0, "empty_file", "the input has no records");
    }
    FieldCollector record = first.get();
    if (!header) {
      // Without a header the first record is data: its field count names the columns, and it is
      // judged like any other record, so one bad byte in it does not fail the file.
      int width = record.fieldCount();
      pendingFirstRow = classify(record, width);
      return ColumnNames.generated(width);
    }
    long line = record.startLine();
    if (record.tooLarge()) {
      throw new RecordFormatException(
          source, line, "record_too_large", "the header exceeds the field or record size limit");
    }
    if (record.hasReplacement()) {
      throw new RecordFormatException(
          source,
          line,
          "encoding",
          "the header has bytes that are not valid in the configured charset");
    }
    if (record.hasNul()) {
      throw new RecordFormatException(
          source,
          line,
          "nul_byte",
          "the header contains a NUL character; is the file binary, compressed or UTF-16?");
    }
    if (audit.anomalyWithin(line, line + record.quotedLineBreaks())) {
      throw new RecordFormatException(
          source, line, "quote_syntax", "characters follow a closing quote in the header");
    }
    return ColumnNames.validated(record.fields(), source, line);
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public Optional<ReadResult> next() throws IOException {
    if (pendingFirstRow != null) {
      ReadResult first = pendingFirstRow;
      pendingFirstRow = null;
      return Optional.of(first);
    }
    if (finished) {
      return Optional.empty();
    }
    long lineBefore = lastStartLine;
    try {
      return fetch().map(record -> classify(record, columns.size()));
    } catch (CsvParseException e) {
      finished = true;
      return Optional.of(parseFailure(e, lineBefore));
    }
  }

  private Optional<FieldCollector> fetch() throws IOException {
    try {
      while (records.hasNext()) {
        FieldCollector record = records.next();
        lastStartLine = record.startLine();
        if (!record.isEmpty()) {
          return Optional.of(record);
        }
      }
      return Optional.empty();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (CsvParseException e) {
      IOException io = ioCause(e);
      if (io != null) {
        throw io;
      }
      throw e;
    }
  }

  private static IOException ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  private ReadResult classify(FieldCollector record, int expected) {
    long line = record.startLine();
    long lastLine = line + record.quotedLineBreaks();
    boolean strayQuote = audit.anomalyWithin(line, lastLine);
    if (record.tooLarge()) {
      return new ReadResult.Malformed(
          line,
          "record_too_large",
          String.format(
              Locale.ROOT,
              "a field or the record exceeds the size limit; the record spans %d line(s)",
              record.quotedLineBreaks() + 1));
    }
    if (strayQuote && lastLine > line) {
      return new ReadResult.Malformed(
          line,
          "unclosed_quote",
          String.format(
              Locale.ROOT,
              "a quote opened on line %d is closed only on line %d, where other characters follow"
                  + " it; lines %d-%d are swallowed by this record and not read as rows",
              line,
              lastLine,
              line + 1,
              lastLine));
    }
    if (strayQuote) {
      return new ReadResult.Malformed(
          line, "quote_syntax", "characters follow a closing quote before the next delimiter");
    }
    if (record.fieldCount() != expected) {
      if (record.quotedLineBreaks() > 0) {
        return new ReadResult.Malformed(
            line,
            "unclosed_quote",
            String.format(
                Locale.ROOT,
                "a quoted field spans lines %d-%d and the record has %d fields instead of %d;"
                    + " probably an unclosed quote, lines %d-%d are not read as rows",
                line,
                lastLine,
                record.fieldCount(),
                expected,
                line + 1,
                lastLine));
      }
      return new ReadResult.Malformed(
          line,
          "field_count",
          String.format(
              Locale.ROOT, "expected %d fields, found %d", expected, record.fieldCount()));
    }
    if (record.hasReplacement()) {
      return new ReadResult.Malformed(
          line, "encoding", "bytes not valid in the configured charset (or a U+FFFD character)");
    }
    if (record.hasNul()) {
      return new ReadResult.Malformed(line, "nul_byte", "the record contains a NUL character");
    }
    return new ReadResult.Row(line, record.fields());
  }

  /** FastCSV stops for good after a parse exception; say where and why, never echo its text. */
  private ReadResult parseFailure(CsvParseException e, long lineBefore) throws IOException {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.startsWith("Unclosed quoted field")) {
        long line = lineOf(m, lineBefore);
        return new ReadResult.Malformed(
            line,
            "unclosed_quote",
            String.format(
                Locale.ROOT,
                "a quote opened in the record at line %d is never closed; everything from that line"
                    + " to the end of the input is not read as rows",
                line));
      }
      if (m.startsWith("The maximum buffer size")) {
        throw new RecordFormatException(
            source,
            lineOf(m, lineBefore),
            "record_too_large",
            String.format(
                Locale.ROOT,
                "a field runs past %d characters, the parser's buffer"
                    + " limit; usually an unclosed quote",
                maxBufferChars),
            null);
      }
    }
    throw new RecordFormatException(
        source,
        lineBefore,
        "parse_error",
        "the delimited parser failed" + (message.isEmpty() ? "" : " (details withheld)"),
        null);
  }

  /** FastCSV's messages end with "(record starting at line N)"; the number is not data. */
  private static long lineOf(String message, long fallback) {
    int at = message.lastIndexOf("line ");
    if (at < 0) {
      return fallback;
    }
    int end = at + 5;
    while (end < message.length() && Character.isDigit(message.charAt(end))) {
      end++;
    }
    try {
      return Long.parseLong(message.substring(at + 5, end));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  @Override
  public long bytesRead() {
    return opened.counter().count();
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}
