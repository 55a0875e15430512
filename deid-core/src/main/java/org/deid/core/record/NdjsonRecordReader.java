package org.deid.core.record;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads newline-delimited JSON: one flat object per line. The first non-blank line defines the
 * columns (its keys, in order) and is also the first row; later objects may omit keys but not add
 * any. Blank lines are skipped. Not thread-safe.
 */
final class NdjsonRecordReader implements RecordReader {
  private final String source;
  private final SourceStreams.Opened opened;
  private final BoundedLineReader lines;
  private final NdjsonLineParser parser;
  private final List<String> columns;
  private ReadResult pendingFirstRow;

  NdjsonRecordReader(SourceStreams.Opened opened, InputFormat format, String source)
      throws IOException {
    this.source = source;
    this.opened = opened;
    this.lines = new BoundedLineReader(opened.reader(), format.maxRecordChars());
    this.parser = new NdjsonLineParser(format.maxFieldChars());
    this.columns = readFirstObject();
    parser.useColumns(columns);
  }

  private List<String> readFirstObject() throws IOException {
    if (!nextNonBlankLine()) {
      throw new RecordFormatException(source, 0, "empty_file", "the input has no records");
    }
    long line = lines.lineNumber();
    ReadResult first = parseCurrent();
    if (first instanceof ReadResult.Malformed bad) {
      throw new RecordFormatException(
          source,
          line,
          bad.reason(),
          "the first object defines the columns and must be valid: " + bad.detail());
    }
    NdjsonLineParser.Parsed parsed = parser.parse(lines.text());
    if (parsed.keys().isEmpty()) {
      throw new RecordFormatException(source, line, "no_columns", "the first object has no keys");
    }
    List<String> names = ColumnNames.validated(parsed.keys().toArray(new String[0]), source, line);
    pendingFirstRow = new ReadResult.Row(line, parsed.fields());
    return names;
  }

  private boolean nextNonBlankLine() throws IOException {
    while (lines.next()) {
      if (lines.tooLarge() || !lines.text().isBlank()) {
        return true;
      }
    }
    return false;
  }

  private ReadResult parseCurrent() {
    long line = lines.lineNumber();
    if (lines.tooLarge()) {
      return new ReadResult.Malformed(line, "record_too_large", "the line exceeds the size limit");
    }
    String text = lines.text();
    if (text.indexOf(SourceStreams.REPLACEMENT) >= 0) {
      return new ReadResult.Malformed(
          line, "encoding", "bytes not valid in the configured charset (or a U+FFFD character)");
    }
    NdjsonLineParser.Parsed parsed = parser.parse(text);
    if (!parsed.ok()) {
      return new ReadResult.Malformed(line, parsed.reason(), parsed.detail());
    }
    return new ReadResult.Row(line, parsed.fields());
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
    if (!nextNonBlankLine()) {
      return Optional.empty();
    }
    return Optional.of(parseCurrent());
  }

  @Override
  public long bytesRead() {
    return opened.counter().count();
  }

  @Override
  public void close() throws IOException {
    opened.reader().close();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "NdjsonRecordReader[%s, %d columns]", source, columns.size());
  }
}
