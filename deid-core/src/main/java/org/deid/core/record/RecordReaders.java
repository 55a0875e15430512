package org.deid.core.record;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Opens streaming {@link RecordReader}s. */
public final class RecordReaders {
  private RecordReaders() {}

  /**
   * Opens a reader over {@code in} and reads the header (or the first NDJSON object) so that {@link
   * RecordReader#columns()} is known at once. The reader owns {@code in} and closes it.
   *
   * <p>Memory is bounded by the format's record limit and fixed-size buffers, whatever the input
   * size.
   *
   * @param in the raw bytes, possibly gzip-compressed
   * @param format how to read them
   * @param sourceName the name used in error messages, e.g. the file name; a name ending in {@code
   *     .gz} requires gzip content unless compression is {@link Compression#NONE}
   * @return an open reader
   * @throws RecordFormatException if the file is empty, not gzip although it must be, or has an
   *     invalid header (blank or duplicate names, undecodable bytes, oversized)
   * @throws IOException if reading fails
   */
  public static RecordReader open(InputStream in, InputFormat format, String sourceName)
      throws IOException, RecordFormatException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(sourceName, "sourceName");
    SourceStreams.Opened opened;
    try {
      opened = SourceStreams.open(in, format, sourceName);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    try {
      return format.kind() == Kind.NDJSON
          ? new NdjsonRecordReader(opened, format, sourceName)
          : new DelimitedRecordReader(opened, format, sourceName);
    } catch (IOException | RuntimeException e) {
      opened.reader().close();
      throw e;
    }
  }
}
