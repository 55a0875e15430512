package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deid.core.testing.PropertyCases;
import org.deid.core.testing.RandomInputs;
import org.junit.jupiter.api.Test;

/**
 * Whatever the fields hold (delimiters, quotes, CR, LF, spaces, non-ASCII), encoding rows and
 * reading them back gives the same fields. Excluded: NUL and U+FFFD, which the readers reject by
 * design, and unpaired surrogates, which UTF-8 cannot carry.
 */
class RoundTripPropertiesTest {
  private static final int CASES = 1000;

  /** Column names and rows of fields; one generated case. */
  record Table(List<String> columns, List<String[]> rows) {
    @Override
    public String toString() {
      return columns + " " + Arrays.deepToString(rows.toArray());
    }
  }

  private static Table table(RandomInputs random) {
    int width = random.intBetween(1, 5);
    List<String[]> rows = random.listOf(0, 15, () -> random.csvRow(width, 12));
    return new Table(columns(width), rows);
  }

  private static List<String> columns(int width) {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      columns.add("c" + i);
    }
    return columns;
  }

  /** No rows, empty fields, fields that are only a quote, a delimiter or a line break. */
  private static List<Table> edgeCases() {
    List<Table> cases = new ArrayList<>();
    cases.add(new Table(columns(1), List.of()));
    cases.add(new Table(columns(3), List.of()));
    for (String field :
        new String[] {
          "",
          " ",
          "\"",
          "\"\"",
          ",",
          "\t",
          "|",
          "\r",
          "\n",
          "\r\n",
          "\n\r",
          "\ufeff",
          "\u2028",
          "'",
          "a\"b",
          " a ",
          "\ud83d\ude00",
          "\u0001"
        }) {
      cases.add(new Table(columns(1), List.<String[]>of(new String[] {field})));
      cases.add(
          new Table(
              columns(3),
              List.of(new String[] {field, field, field}, new String[] {"", field, ""})));
    }
    return cases;
  }

  @Test
  void csv_encodedThenRead_givesTheSameFields() {
    PropertyCases.check(
        0xC5F_0001L,
        CASES,
        edgeCases(),
        RoundTripPropertiesTest::table,
        table -> assertRoundTrip(table, OutputFormat.csv(), InputFormat.csv()));
  }

  @Test
  void tsv_encodedThenRead_givesTheSameFields() {
    PropertyCases.check(
        0x75F_0002L,
        CASES,
        edgeCases(),
        RoundTripPropertiesTest::table,
        table -> assertRoundTrip(table, OutputFormat.tsv(), InputFormat.tsv()));
  }

  @Test
  void psvWithCrlf_encodedThenRead_givesTheSameFields() {
    PropertyCases.check(
        0x95F_0003L,
        CASES,
        edgeCases(),
        RoundTripPropertiesTest::table,
        table ->
            assertRoundTrip(
                table, OutputFormat.psv().withLineSeparator("\r\n"), InputFormat.psv()));
  }

  @Test
  void ndjson_encodedThenRead_givesTheSameFields() {
    PropertyCases.check(
        0x1D_0004L,
        CASES,
        edgeCases(),
        RoundTripPropertiesTest::table,
        table -> {
          if (table.rows().isEmpty()) {
            return; // NDJSON takes its columns from the first object: no rows, no file to read.
          }
          assertRoundTrip(table, OutputFormat.ndjson(), InputFormat.ndjson());
        });
  }

  private static void assertRoundTrip(Table table, OutputFormat out, InputFormat in)
      throws IOException {
    RowEncoder encoder = RowEncoders.forFormat(out, table.columns());
    StringBuilder text = new StringBuilder();
    encoder.encodeHeader(table.columns(), text);
    for (String[] row : table.rows()) {
      encoder.encode(row, text);
    }

    Reading.All all = Reading.read(text.toString().getBytes(StandardCharsets.UTF_8), in);

    assertThat(all.columns()).isEqualTo(table.columns());
    assertThat(all.malformed()).isEmpty();
    assertThat(all.rows()).hasSameSizeAs(table.rows());
    for (int i = 0; i < table.rows().size(); i++) {
      assertThat(all.rows().get(i).fields()).as("row %d", i).containsExactly(table.rows().get(i));
    }
  }
}
