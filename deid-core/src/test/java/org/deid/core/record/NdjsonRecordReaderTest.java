package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonRecordReaderTest {

  @Test
  void numberWithLeadingZero_isJsonSyntaxErrorAndReadingContinues() throws IOException {
    Reading.All all = Reading.read("{\"id\":1}\n{\"id\":007}\n{\"id\":3}\n", InputFormat.ndjson());

    assertThat(all.malformed())
        .singleElement()
        .extracting(ReadResult.Malformed::reason)
        .isEqualTo("json_syntax");
    assertThat(all.rows()).extracting(ReadResult.Row::line).containsExactly(1L, 3L);
  }

  @Test
  void scalars_validNumbers_keepTheirWrittenForm() throws IOException {
    Reading.All all =
        Reading.read(
            "{\"id\":\"x\"}\n{\"id\":1.50}\n{\"id\":12345678901234567890}\n{\"id\":2E+3}\n"
                + "{\"id\":-0}\n{\"id\":true}\n{\"id\":null}\n{\"id\":\"a\\nb\\u00e9\"}\n",
            InputFormat.ndjson());

    assertThat(all.fieldLists())
        .containsExactly(
            List.of("x"),
            List.of("1.50"),
            List.of("12345678901234567890"),
            List.of("2E+3"),
            List.of("-0"),
            List.of("true"),
            List.of(""),
            List.of("a\nbé"));
  }

  @Test
  void columns_comeFromTheFirstObjectInOrderAndMissingKeysAreEmpty() throws IOException {
    Reading.All all =
        Reading.read("{\"b\":\"1\",\"a\":\"2\"}\n{\"a\":\"3\"}\n", InputFormat.ndjson());

    assertThat(all.columns()).containsExactly("b", "a");
    assertThat(all.fieldLists()).containsExactly(List.of("1", "2"), List.of("", "3"));
  }

  @Test
  void unknownKey_detailNamesPositionNotKeyOrValue() throws IOException {
    Reading.All all =
        Reading.read(
            "{\"a\":\"1\"}\n{\"a\":\"2\",\"ssn_123\":\"078-05-1120\"}\n", InputFormat.ndjson());

    ReadResult.Malformed bad = all.malformed().get(0);
    assertThat(bad.reason()).isEqualTo("json_unknown_field");
    assertThat(bad.detail()).contains("key 2").doesNotContain("ssn").doesNotContain("078");
  }

  @Test
  void syntaxError_detailDoesNotEchoTheLine() throws IOException {
    Reading.All all =
        Reading.read("{\"a\":\"1\"}\n{\"a\":\"Smith\" \"x\"}\n", InputFormat.ndjson());

    assertThat(all.malformed())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.reason()).isEqualTo("json_syntax");
              assertThat(m.detail()).doesNotContain("Smith");
            });
  }

  @Test
  void firstObjectWithDuplicateKey_isFatal() {
    assertThatThrownBy(() -> Reading.read("{\"a\":1,\"a\":2}\n", InputFormat.ndjson()))
        .isInstanceOf(RecordFormatException.class)
        .extracting(e -> ((RecordFormatException) e).reason())
        .isEqualTo("json_duplicate_key");
  }

  @Test
  void firstObjectEmpty_isFatal() {
    assertThatThrownBy(() -> Reading.read("{}\n{\"a\":1}\n", InputFormat.ndjson()))
        .isInstanceOf(RecordFormatException.class)
        .extracting(e -> ((RecordFormatException) e).reason())
        .isEqualTo("no_columns");
  }
}
