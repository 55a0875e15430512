package org.deid.core.inspect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.deid.core.record.Compression;
import org.deid.core.record.InputFormat;
import org.deid.core.record.Kind;
import org.deid.core.record.ReadResult;
import org.deid.core.record.RecordFormatException;
import org.deid.core.record.RecordReader;
import org.deid.core.record.RecordReaders;

/**
 * Guesses how to read a file and what its columns hold, from its first megabyte (decompressed) and
 * at most {@code maxSampleRows} rows. Deterministic for the same bytes. The result holds no data
 * values.
 */
public final class FormatSniffer {
  private FormatSniffer() {}

  /**
   * Samples {@code in} and guesses its format and column roles. Reads at most about 1 MiB of
   * content and does not close {@code in}.
   *
   * @param in the raw bytes, possibly gzip-compressed
   * @param sourceName a name for messages
   * @param maxSampleRows the most data rows to profile (at least 1)
   * @return the guess; for an empty sample, no columns
   * @throws IOException if reading fails
   */
  public static InspectionResult sniff(InputStream in, String sourceName, int maxSampleRows)
      throws IOException {
    Objects.requireNonNull(sourceName, "sourceName");
    int maxRows = Math.max(1, maxSampleRows);
    SampleBytes sample = SampleBytes.read(Objects.requireNonNull(in, "in"));
    boolean validUtf8 = EncodingGuess.isValidUtf8(sample.bytes());
    Charset charset = EncodingGuess.guess(sample.bytes(), validUtf8);
    String text = new String(sample.bytes(), charset);
    if (text.isBlank()) {
      return new InspectionResult(
          sourceName,
          sample.gzip(),
          charset,
          validUtf8,
          sample.byteOrderMark(),
          Kind.DELIMITED,
          ',',
          '"',
          false,
          false,
          0,
          List.of(),
          List.of());
    }
    if (text.stripLeading().startsWith("{")) {
      return ndjson(sample, charset, validUtf8, sourceName, maxRows);
    }
    char delimiter = DelimiterGuess.guess(text, maxRows + 1);
    InputFormat format =
        InputFormat.csv()
            .withDelimiter(delimiter)
            .withHeader(false)
            .withCharset(charset)
            .withCompression(Compression.NONE);
    List<String[]> records = sampleRows(sample.bytes(), format, maxRows + 1);
    boolean header = HeaderGuess.looksLikeHeader(records);
    boolean leadingSpaces = mostFieldsStartWithSpace(records);
    List<String[]> rows =
        header
            ? records.subList(1, records.size())
            : records.subList(0, Math.min(maxRows, records.size()));
    int width = records.isEmpty() ? 0 : records.get(0).length;
    List<String> columns = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      columns.add(header ? records.get(0)[i].strip() : "col_" + (i + 1));
    }
    return new InspectionResult(
        sourceName,
        sample.gzip(),
        charset,
        validUtf8,
        sample.byteOrderMark(),
        Kind.DELIMITED,
        delimiter,
        '"',
        header,
        leadingSpaces,
        rows.size(),
        columns,
        profiles(columns, rows));
  }

  private static InspectionResult ndjson(
      SampleBytes sample, Charset charset, boolean validUtf8, String sourceName, int maxRows)
      throws IOException {
    InputFormat format =
        InputFormat.ndjson().withCharset(charset).withCompression(Compression.NONE);
    List<String> columns;
    List<String[]> rows = new ArrayList<>();
    try (RecordReader reader =
        RecordReaders.open(new ByteArrayInputStream(sample.bytes()), format, sourceName)) {
      columns = reader.columns();
      collectRows(reader, rows, maxRows);
    }
    return new InspectionResult(
        sourceName,
        sample.gzip(),
        charset,
        validUtf8,
        sample.byteOrderMark(),
        Kind.NDJSON,
        ',',
        '"',
        true,
        false,
        rows.size(),
        columns,
        profiles(columns, rows));
  }

  private static List<String[]> sampleRows(byte[] bytes, InputFormat format, int max)
      throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (RecordReader reader =
        RecordReaders.open(new ByteArrayInputStream(bytes), format, "sample")) {
      collectRows(reader, rows, max);
    } catch (RecordFormatException e) {
      // The first record itself is unreadable: there is nothing to profile.
    }
    return rows;
  }

  private static void collectRows(RecordReader reader, List<String[]> rows, int max)
      throws IOException {
    for (Optional<ReadResult> next = reader.next();
        next.isPresent() && rows.size() < max;
        next = reader.next()) {
      if (next.get() instanceof ReadResult.Row row) {
        rows.add(row.fields());
      }
    }
  }

  private static boolean mostFieldsStartWithSpace(List<String[]> records) {
    int nonEmpty = 0;
    int spaced = 0;
    for (String[] record : records) {
      for (int i = 1; i < record.length; i++) {
        if (!record[i].isEmpty()) {
          nonEmpty++;
          spaced += record[i].charAt(0) == ' ' ? 1 : 0;
        }
      }
    }
    return nonEmpty > 0 && spaced * 2 > nonEmpty;
  }

  private static List<ColumnProfile> profiles(List<String> columns, List<String[]> rows) {
    List<ColumnProfile> profiles = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      List<String> values = new ArrayList<>(rows.size());
      for (String[] row : rows) {
        values.add(row[i]);
      }
      profiles.add(ColumnProfiler.profile(columns.get(i), values, rows.size()));
    }
    return profiles;
  }
}
