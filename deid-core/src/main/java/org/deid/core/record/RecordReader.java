package org.deid.core.record;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A streaming reader of records from one source. Memory stays bounded by the format's record limit
 * whatever the file size.
 *
 * <p>Not thread-safe: one thread reads. Malformed records are returned as {@link
 * ReadResult.Malformed} and reading continues; only file-level problems (such as a truncated gzip
 * stream) are thrown, as {@link RecordFormatException}.
 */
public interface RecordReader extends Closeable {

  /**
   * The column names, from the header, the first NDJSON object, or {@code col_1..col_n}.
   *
   * @return an unmodifiable, non-empty list of distinct, non-blank names
   */
  List<String> columns();

  /**
   * Reads the next record.
   *
   * @return the next row or malformed record; empty at end of input
   * @throws RecordFormatException on a fatal problem such as a truncated gzip stream
   * @throws IOException if the underlying stream fails
   */
  Optional<ReadResult> next() throws IOException;

  /**
   * Raw bytes consumed from the source so far (compressed bytes for gzip), for progress. Read-ahead
   * buffering means it may run ahead of the records returned.
   *
   * @return the byte count
   */
  long bytesRead();
}
