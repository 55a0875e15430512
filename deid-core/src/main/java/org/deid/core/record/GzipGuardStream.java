package org.deid.core.record;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Turns the decompressor's failures into a fatal {@link RecordFormatException} naming the source,
 * so a truncated or corrupt gzip file fails the run instead of silently losing its tail.
 */
final class GzipGuardStream extends FilterInputStream {
  private final String source;

  GzipGuardStream(InputStream gzip, String source) {
    super(gzip);
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (EOFException e) {
      throw truncated(e);
    } catch (ZipException e) {
      throw corrupt(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (EOFException e) {
      throw truncated(e);
    } catch (ZipException e) {
      throw corrupt(e);
    }
  }

  private RecordFormatException truncated(IOException cause) {
    return new RecordFormatException(
        source,
        0,
        "truncated_gzip",
        "the gzip stream ends before its end marker; the file is incomplete",
        cause);
  }

  private RecordFormatException corrupt(IOException cause) {
    return new RecordFormatException(
        source, 0, "corrupt_gzip", "the gzip stream is corrupt", cause);
  }
}
