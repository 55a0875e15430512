package org.deid.core.record;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * Watches the characters FastCSV reads and notes every physical line where a closing quote is
 * followed by something other than a delimiter or line break.
 *
 * <p>Why: FastCSV must run relaxed (its iterator cannot continue after a parse exception), and
 * relaxed parsing silently glues such characters to the field. An unclosed quote mid-file shows up
 * exactly this way, when the next quote in the file "closes" it, so the reader uses these lines to
 * reject the swallowing record instead of returning it as a row. Line counting matches FastCSV: CR,
 * LF and CRLF each end a line, inside quotes too.
 */
final class QuoteAuditReader extends FilterReader {
  // int states rather than an enum: this loop sees every character of the file.
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;
  private static final int AFTER_EXTRA = 4;

  private final char delimiter;
  private final char quote;
  private final ArrayDeque<Long> anomalyLines = new ArrayDeque<>();
  private int state = FIELD_START;
  private long line = 1;
  private boolean previousWasCr;

  QuoteAuditReader(Reader in, char delimiter, char quote) {
    super(in);
    this.delimiter = delimiter;
    this.quote = quote;
  }

  @Override
  public int read() throws IOException {
    int c = in.read();
    if (c >= 0) {
      audit(new char[] {(char) c}, 0, 1);
    }
    return c;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = in.read(cbuf, off, len);
    if (n > 0) {
      audit(cbuf, off, off + n);
    }
    return n;
  }

  private void audit(char[] buf, int from, int to) {
    int s = state;
    for (int i = from; i < to; i++) {
      char c = buf[i];
      if (c != delimiter && c != quote && c != '\n' && c != '\r') {
        // An ordinary character only matters right after a quote or at a field's start.
        previousWasCr = false;
        if (s == FIELD_START) {
          s = UNQUOTED;
        } else if (s == QUOTE_IN_QUOTED) {
          noteAnomaly();
          s = AFTER_EXTRA;
        }
        continue;
      }
      boolean lineBreak = c == '\n' || c == '\r';
      if (lineBreak) {
        if (!(c == '\n' && previousWasCr)) {
          line++;
        }
        previousWasCr = c == '\r';
      } else {
        previousWasCr = false;
      }
      s = next(s, c == quote, lineBreak);
    }
    state = s;
  }

  /** The state after a delimiter, quote or line break. */
  private static int next(int s, boolean isQuote, boolean lineBreak) {
    switch (s) {
      case QUOTED:
        return isQuote ? QUOTE_IN_QUOTED : QUOTED;
      case QUOTE_IN_QUOTED:
        // "" is an escaped quote; a delimiter or line break after the quote ends the field.
        return isQuote ? QUOTED : FIELD_START;
      case FIELD_START:
      case AFTER_EXTRA:
        // Relaxed FastCSV reopens quoting on a quote after stray characters, like at a start.
        return isQuote ? QUOTED : FIELD_START;
      default:
        // In an unquoted field a quote is data.
        return isQuote ? UNQUOTED : FIELD_START;
    }
  }

  private void noteAnomaly() {
    if (anomalyLines.isEmpty() || anomalyLines.peekLast() != line) {
      anomalyLines.addLast(line);
    }
  }

  /**
   * Tells whether an anomaly lies on lines {@code first..last} and forgets anomalies up to {@code
   * last}. Records must be checked in file order.
   */
  boolean anomalyWithin(long first, long last) {
    boolean found = false;
    while (!anomalyLines.isEmpty() && anomalyLines.peekFirst() <= last) {
      found |= anomalyLines.pollFirst() >= first;
    }
    return found;
  }
}
