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
 * reject the swallowing record instead of returning it as a row. Line counting matches FastCSV:
 * CR, LF and CRLF each end a line, inside quotes too.
 */
final class QuoteAuditReader extends FilterReader {
  private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_EXTRA }

  private final char delimiter;
  private final char quote;
  private final ArrayDeque<Long> anomalyLines = new ArrayDeque<>();
  private State state = State.FIELD_START;
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
      audit((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = in.read(cbuf, off, len);
    for (int i = off, end = off + Math.max(n, 0); i < end; i++) {
      audit(cbuf[i]);
    }
    return n;
  }

  private void audit(char c) {
    boolean lineBreak = c == '\n' || c == '\r';
    if (lineBreak) {
      if (!(c == '\n' && previousWasCr)) {
        line++;
      }
      previousWasCr = c == '\r';
    } else {
      previousWasCr = false;
    }
    state = switch (state) {
      case FIELD_START -> c == quote ? State.QUOTED
          : (c == delimiter || lineBreak) ? State.FIELD_START : State.UNQUOTED;
      case UNQUOTED -> (c == delimiter || lineBreak) ? State.FIELD_START : State.UNQUOTED;
      case QUOTED -> c == quote ? State.QUOTE_IN_QUOTED : State.QUOTED;
      case QUOTE_IN_QUOTED -> afterClosingQuote(c, lineBreak);
      case AFTER_EXTRA -> c == quote ? State.QUOTED
          : (c == delimiter || lineBreak) ? State.FIELD_START : State.AFTER_EXTRA;
    };
  }

  private State afterClosingQuote(char c, boolean lineBreak) {
    if (c == quote) {
      return State.QUOTED;
    }
    if (c == delimiter || lineBreak) {
      return State.FIELD_START;
    }
    if (anomalyLines.isEmpty() || anomalyLines.peekLast() != line) {
      anomalyLines.addLast(line);
    }
    return State.AFTER_EXTRA;
  }

  /**
   * Tells whether an anomaly lies on lines {@code first..last} and forgets anomalies up to
   * {@code last}. Records must be checked in file order.
   */
  boolean anomalyWithin(long first, long last) {
    boolean found = false;
    while (!anomalyLines.isEmpty() && anomalyLines.peekFirst() <= last) {
      found |= anomalyLines.pollFirst() >= first;
    }
    return found;
  }
}
