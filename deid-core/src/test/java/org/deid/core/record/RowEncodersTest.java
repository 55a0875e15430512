package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowEncodersTest {

  private static String encode(OutputFormat format, List<String> columns, String... fields) {
    StringBuilder out = new StringBuilder();
    RowEncoders.forFormat(format, columns).encode(fields, out);
    return out.toString();
  }

  @Test
  void csv_plainFields_areWrittenUnquotedWithLf() {
    assertThat(encode(OutputFormat.csv(), List.of("a", "b", "c"), " lead", "trail ", ""))
        .isEqualTo(" lead,trail ,\n");
  }

  @Test
  void csv_fieldsWithDelimiterQuoteOrLineBreak_areQuotedWithDoubledQuotes() {
    assertThat(
            encode(
                OutputFormat.csv(),
                List.of("a", "b", "c", "d"),
                "x,y",
                "say \"hi\"",
                "l1\nl2",
                "cr\r"))
        .isEqualTo("\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\"\n");
  }

  @Test
  void tsv_commaIsPlainButTabIsQuoted() {
    assertThat(encode(OutputFormat.tsv(), List.of("a", "b"), "x,y", "t\tu"))
        .isEqualTo("x,y\t\"t\tu\"\n");
  }

  @Test
  void csv_singleEmptyField_isWrittenAsEmptyQuotesSoTheLineIsNotBlank() {
    assertThat(encode(OutputFormat.csv(), List.of("a"), "")).isEqualTo("\"\"\n");
  }

  @Test
  void csv_nullField_isWrittenEmpty() {
    assertThat(encode(OutputFormat.csv(), List.of("a", "b"), null, "x")).isEqualTo(",x\n");
  }

  @Test
  void csv_header_usesTheSameQuotingAndSeparator() {
    StringBuilder out = new StringBuilder();
    RowEncoders.forFormat(OutputFormat.psv().withLineSeparator("\r\n"), List.of("a|b", "c"))
        .encodeHeader(List.of("a|b", "c"), out);
    assertThat(out).hasToString("\"a|b\"|c\r\n");
  }

  @Test
  void ndjson_header_isNoOp() {
    StringBuilder out = new StringBuilder();
    RowEncoders.forFormat(OutputFormat.ndjson(), List.of("a")).encodeHeader(List.of("a"), out);
    assertThat(out).isEmpty();
  }

  @Test
  void ndjson_row_escapesControlCharactersQuotesAndLineSeparators() throws Exception {
    String line =
        encode(
            OutputFormat.ndjson(),
            List.of("k\"1", "k2"),
            "q\"b\\s\n\r\t\b\f\u0001\u2028\u2029é",
            "");

    assertThat(line)
        .isEqualTo(
            "{\"k\\\"1\":\"q\\\"b\\\\s\\n\\r\\t\\b\\f\\u0001\\u2028\\u2029é\"," + "\"k2\":\"\"}\n");
    Map<?, ?> parsed = new ObjectMapper().readValue(line, Map.class);
    assertThat(parsed.get("k\"1")).isEqualTo("q\"b\\s\n\r\t\b\f\u0001\u2028\u2029é");
  }

  @Test
  void ndjson_wrongFieldCount_isRejected() {
    assertThatThrownBy(() -> encode(OutputFormat.ndjson(), List.of("a", "b"), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outputFormat_sameDelimiterAndQuote_isRejected() {
    assertThatThrownBy(() -> OutputFormat.csv().withDelimiter('"'))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
