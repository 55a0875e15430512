package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DelimitedRecordReaderTest {

  @Test
  void csv_withQuotedDelimiterQuoteAndNewline_returnsFieldsExactly() throws IOException {
    Reading.All all =
        Reading.read(
            "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"l1\r\nl2\"\n4, 5 ,6\n", InputFormat.csv());

    assertThat(all.columns()).containsExactly("a", "b", "c");
    assertThat(all.fieldLists())
        .containsExactly(List.of("x,y", "say \"hi\"", "l1\r\nl2"), List.of("4", " 5 ", "6"));
    assertThat(all.rows()).extracting(ReadResult.Row::line).containsExactly(2L, 4L);
  }

  @Test
  void csv_withTrim_stripsSpacesAroundFieldsAndNames() throws IOException {
    Reading.All all =
        Reading.read("rec_id, given_name\nr1, Ann \n", InputFormat.csv().withTrim(true));

    assertThat(all.columns()).containsExactly("rec_id", "given_name");
    assertThat(all.fieldLists()).containsExactly(List.of("r1", "Ann"));
  }

  @Test
  void csv_withoutHeader_namesColumnsAndReturnsFirstRecordAsRow() throws IOException {
    Reading.All all = Reading.read("1,2\n3,4\n", InputFormat.csv().withHeader(false));

    assertThat(all.columns()).containsExactly("col_1", "col_2");
    assertThat(all.rows()).extracting(ReadResult.Row::line).containsExactly(1L, 2L);
  }

  @Test
  void csv_withWrongFieldCount_reportsFieldCountAndContinues() throws IOException {
    Reading.All all = Reading.read("a,b\n1\n1,2,3\n5,6\n", InputFormat.csv());

    assertThat(all.malformed())
        .containsExactly(
            new ReadResult.Malformed(2, "field_count", "expected 2 fields, found 1"),
            new ReadResult.Malformed(3, "field_count", "expected 2 fields, found 3"));
    assertThat(all.fieldLists()).containsExactly(List.of("5", "6"));
  }

  @Test
  void csv_withUnclosedQuoteAtEnd_reportsUnclosedQuoteAtItsStartLine() throws IOException {
    Reading.All all = Reading.read("a,b\n1,2\n3,\"4\n5,6\n", InputFormat.csv());

    assertThat(all.rows()).hasSize(1);
    assertThat(all.malformed())
        .singleElement()
        .extracting(ReadResult.Malformed::line, ReadResult.Malformed::reason)
        .containsExactly(3L, "unclosed_quote");
  }

  @Test
  void csv_withInvalidUtf8InOneRow_rejectsOnlyThatRow() throws IOException {
    byte[] bytes =
        concat(
            "a,b\n1,2\n3,".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, (byte) 0x28},
            "\n5,6\n".getBytes(StandardCharsets.UTF_8));

    Reading.All all = Reading.read(bytes, InputFormat.csv());

    assertThat(all.rows()).hasSize(2);
    assertThat(all.malformed())
        .extracting(ReadResult.Malformed::reason)
        .containsExactly("encoding");
  }

  @Test
  void csv_withFieldOverLimit_rejectsRecordAndContinues() throws IOException {
    Reading.All all =
        Reading.read("a,b\n1," + "x".repeat(50) + "\n3,4\n", InputFormat.csv().withLimits(20, 40));

    assertThat(all.malformed())
        .extracting(ReadResult.Malformed::line, ReadResult.Malformed::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "record_too_large"));
    assertThat(all.fieldLists()).containsExactly(List.of("3", "4"));
  }

  @Test
  void csv_withDuplicateHeader_failsNamingPositionsNotNames() {
    assertThatThrownBy(() -> Reading.read("ssn,x,ssn\n1,2,3\n", InputFormat.csv()))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("test.input:1")
        .hasMessageContaining("columns 1 and 3")
        .hasMessageNotContaining("ssn");
  }

  @Test
  void gzip_truncated_failsNamingTheSource() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("a,b\n".repeat(5000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 12);

    assertThatThrownBy(() -> Reading.read(truncated, InputFormat.csv()))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("test.input")
        .extracting(e -> ((RecordFormatException) e).reason())
        .isEqualTo("truncated_gzip");
  }

  @Test
  void bytesRead_afterReadingEverything_equalsInputSize() throws IOException {
    byte[] input = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
    try (RecordReader reader =
        RecordReaders.open(new ByteArrayInputStream(input), InputFormat.csv(), "x.csv")) {
      while (reader.next().isPresent()) {
        // drain
      }
      assertThat(reader.bytesRead()).isEqualTo(input.length);
    }
  }

  @Test
  void next_afterEnd_staysEmpty() throws IOException {
    try (RecordReader reader =
        RecordReaders.open(
            new ByteArrayInputStream("a\n1\n".getBytes(StandardCharsets.UTF_8)),
            InputFormat.csv(),
            "x.csv")) {
      assertThat(reader.next()).isPresent();
      assertThat(reader.next()).isEmpty();
      assertThat(reader.next()).isEqualTo(Optional.empty());
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void csv_unclosedQuoteMidFile_rejectsSwallowingRecordAndReadsOnAfterIt() throws IOException {
    Reading.All all =
        Reading.read(
            "id,name,city\n1,\"Ann,Paris\n2,Bob,Rome\n3,\"Cy,Oslo\n4,Di,Lima\n", InputFormat.csv());

    assertThat(all.malformed())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.line()).isEqualTo(2);
              assertThat(m.reason()).isEqualTo("unclosed_quote");
              assertThat(m.detail())
                  .contains("lines 3-4")
                  .doesNotContain("Ann")
                  .doesNotContain("Bob");
            });
    assertThat(all.rows()).extracting(ReadResult.Row::line).containsExactly(5L);
  }

  @Test
  void csv_unclosedQuoteBeyondParserBuffer_failsInsteadOfGrowingMemory() {
    String input = "a,b\n1,2\n3,\"x\n" + "4,5\n".repeat(10_000);

    assertThatThrownBy(() -> Reading.read(input, InputFormat.csv().withLimits(100, 200)))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("test.input:3")
        .extracting(e -> ((RecordFormatException) e).reason())
        .isEqualTo("record_too_large");
  }

  @Test
  void malformedDetails_neverContainFieldValues() throws IOException {
    Reading.All all =
        Reading.read(
            "id,ssn\n1,078-05-1120,Smith\n2,\"Jones\" x\n3,Br\u0000wn\n", InputFormat.csv());

    assertThat(all.malformed())
        .hasSize(3)
        .allSatisfy(
            m ->
                assertThat(m.detail())
                    .doesNotContain("078")
                    .doesNotContain("Smith")
                    .doesNotContain("Jones")
                    .doesNotContain("Br"));
    assertThat(all.malformed().toString()).doesNotContain("Smith");
  }

  @Test
  void row_toString_showsNoValues() {
    assertThat(new ReadResult.Row(3, new String[] {"Smith"}).toString())
        .isEqualTo("Row[line=3, fields=1]");
  }
}
