package org.deid.server.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.http.Abortable;

/**
 * The content of one S3 object that survives dropped connections: after a read error it asks for
 * the rest with a ranged GET from the current position (pinned to the object's ETag, so a replaced
 * object fails instead of being spliced in), up to three times per stream. Not thread-safe.
 */
final class ResumingObjectStream extends InputStream {
  private static final int MAX_RESUMES = 3;

  /** Opens the object's content from a byte position. */
  @FunctionalInterface
  interface RangeOpener {
    InputStream openFrom(long position) throws IOException;
  }

  private final RangeOpener opener;
  private InputStream current;
  private long position;
  private int resumes;
  private boolean closed;
  private boolean atEnd;

  ResumingObjectStream(InputStream first, RangeOpener opener) {
    this.current = first;
    this.opener = opener;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("the stream is closed");
    }
    while (true) {
      try {
        int n = current.read(bytes, offset, length);
        if (n > 0) {
          position += n;
        } else if (n < 0) {
          atEnd = true;
        }
        return n;
      } catch (IOException e) {
        if (resumes >= MAX_RESUMES) {
          throw e;
        }
        resumes++;
        abort(current);
        closeQuietly(current);
        current = opener.openFrom(position);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      if (!atEnd) {
        abort(current);
      }
      current.close();
    }
  }

  /** Drops the connection instead of draining the rest of a large object on close. */
  private static void abort(InputStream stream) {
    if (stream instanceof Abortable abortable) {
      abortable.abort();
    }
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException ignored) {
      // the broken connection is replaced either way
    }
  }
}
