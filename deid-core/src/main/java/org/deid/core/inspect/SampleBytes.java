package org.deid.core.inspect;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** The first bytes of a source (decompressed if gzip), cut at the last complete line. */
record SampleBytes(byte[] bytes, boolean gzip, boolean byteOrderMark) {
  static final int MAX_BYTES = 1 << 20;

  static SampleBytes read(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    InputStream content = gzip ? new GZIPInputStream(buffered) : buffered;
    byte[] buffer = new byte[MAX_BYTES];
    int length = 0;
    try {
      for (int n;
          length < MAX_BYTES && (n = content.read(buffer, length, MAX_BYTES - length)) > 0; ) {
        length += n;
      }
    } catch (EOFException | ZipException e) {
      // A truncated or corrupt gzip tail: profile what decompressed; reading will fail later.
    }
    if (length == MAX_BYTES) {
      length = lastLineEnd(buffer, length);
    }
    boolean bom =
        length >= 3
            && (buffer[0] & 0xff) == 0xef
            && (buffer[1] & 0xff) == 0xbb
            && (buffer[2] & 0xff) == 0xbf;
    int from = bom ? 3 : 0;
    return new SampleBytes(Arrays.copyOfRange(buffer, from, length), gzip, bom);
  }

  private static int lastLineEnd(byte[] buffer, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (buffer[i] == '\n') {
        return i + 1;
      }
    }
    return length;
  }
}
