package org.deid.core.record;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens a raw byte source as decoded text: byte counting, gzip detection, decoding, BOM. */
final class SourceStreams {
  /** Decoders replace undecodable bytes with this; readers reject records containing it. */
  static final char REPLACEMENT = '\uFFFD';

  private static final int BUFFER = 1 << 16;

  private SourceStreams() {}

  /** The decoded text of a source and the counter of its raw bytes. */
  record Opened(Reader reader, CountingInputStream counter) {}

  static Opened open(InputStream raw, InputFormat format, String source) throws IOException {
    CountingInputStream counter = new CountingInputStream(raw);
    BufferedInputStream buffered = new BufferedInputStream(counter, BUFFER);
    InputStream bytes = decompressed(buffered, format.compression(), source);
    Reader decoded =
        new InputStreamReader(
            bytes,
            format
                .charset()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    return new Opened(withoutByteOrderMark(decoded), counter);
  }

  private static InputStream decompressed(
      BufferedInputStream in, Compression compression, String source) throws IOException {
    if (compression == Compression.NONE) {
      return in;
    }
    boolean gzipMagic = startsWithGzipMagic(in);
    boolean namedGz = source.toLowerCase(Locale.ROOT).endsWith(".gz");
    if (!gzipMagic) {
      if (compression == Compression.GZIP || namedGz) {
        throw new RecordFormatException(
            source,
            0,
            "not_gzip",
            "gzip was expected but the content does not start with the gzip magic bytes");
      }
      return in;
    }
    try {
      return new GzipGuardStream(new GZIPInputStream(in, BUFFER), source);
    } catch (EOFException e) {
      throw new RecordFormatException(
          source, 0, "truncated_gzip", "the gzip header is incomplete", e);
    } catch (ZipException e) {
      throw new RecordFormatException(source, 0, "corrupt_gzip", "the gzip header is corrupt", e);
    }
  }

  private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b;
  }

  /** Drops a leading U+FEFF so a BOM never becomes part of the first column name. */
  private static Reader withoutByteOrderMark(Reader reader) throws IOException {
    PushbackReader pushback = new PushbackReader(reader, 1);
    int first = pushback.read();
    if (first >= 0 && first != '\uFEFF') {
      pushback.unread(first);
    }
    return pushback;
  }
}
