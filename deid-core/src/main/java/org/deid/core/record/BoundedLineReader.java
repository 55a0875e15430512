package org.deid.core.record;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into LF-terminated lines (a CR before the LF is dropped) without ever holding more
 * than {@code maxChars} of one line: a longer line is skipped to its end and reported as too large.
 * Not thread-safe.
 */
final class BoundedLineReader {
  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[1 << 16];
  private final StringBuilder line = new StringBuilder(256);
  private int pos;
  private int limit;
  private long lineNumber;
  private boolean tooLarge;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /**
   * Advances to the next line.
   *
   * @return false at end of input
   */
  boolean next() throws IOException {
    line.setLength(0);
    tooLarge = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (any) {
            lineNumber++;
          }
          return any;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      append(start, pos);
      if (pos < limit) {
        pos++;
        lineNumber++;
        if (!tooLarge && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
          line.setLength(line.length() - 1);
        }
        return true;
      }
    }
  }

  private void append(int start, int end) {
    if (tooLarge) {
      return;
    }
    if (line.length() + (end - start) > maxChars + 1) {
      tooLarge = true;
      line.setLength(0);
      return;
    }
    line.append(buffer, start, end - start);
  }

  /**
   * @return the current line's text (empty when too large)
   */
  String text() {
    return line.toString();
  }

  /**
   * @return the 1-based number of the current line
   */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * @return whether the current line exceeded the limit and was skipped
   */
  boolean tooLarge() {
    return tooLarge;
  }
}
