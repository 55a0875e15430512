package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class QuoteAuditReaderTest {

  /** Hands out one character per call, so CRLF and quote pairs straddle reads. */
  private static final class OneCharReader extends Reader {
    private final Reader in;

    OneCharReader(String text) {
      this.in = new StringReader(text);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      return in.read(cbuf, off, Math.min(1, len));
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static QuoteAuditReader drained(String text) throws IOException {
    QuoteAuditReader audit = new QuoteAuditReader(new OneCharReader(text), ',', '"');
    char[] buffer = new char[64];
    while (audit.read(buffer, 0, buffer.length) >= 0) {
      // drain
    }
    return audit;
  }

  @Test
  void textAfterClosingQuote_isNotedOnItsPhysicalLine() throws IOException {
    QuoteAuditReader audit = drained("a,b\r\n1,\"x\r\ny\" z\r\n2,3\r\n");

    assertThat(audit.anomalyWithin(1, 2)).isFalse();
    assertThat(audit.anomalyWithin(3, 3)).isTrue();
  }

  @Test
  void doubledQuotesAndQuotesInsideUnquotedFields_areNotAnomalies() throws IOException {
    QuoteAuditReader audit = drained("\"say \"\"hi\"\"\",O\"Brien,\"\"\n\"a\rb\",c\n");

    assertThat(audit.anomalyWithin(1, 100)).isFalse();
  }

  @Test
  void anomalyWithin_forgetsCheckedLines() throws IOException {
    QuoteAuditReader audit = drained("\"a\"x\n\"b\"y\n");

    assertThat(audit.anomalyWithin(1, 1)).isTrue();
    assertThat(audit.anomalyWithin(1, 1)).isFalse();
    assertThat(audit.anomalyWithin(2, 2)).isTrue();
  }
}
