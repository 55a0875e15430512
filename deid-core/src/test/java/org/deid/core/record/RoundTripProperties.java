package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the fields hold (delimiters, quotes, CR, LF, spaces, non-ASCII), encoding rows and
 * reading them back gives the same fields. Excluded: NUL and U+FFFD, which the readers reject by
 * design, and unpaired surrogates, which UTF-8 cannot carry.
 */
class RoundTripProperties {

  record Table(List<String> columns, List<String[]> rows) {}

  @Provide
  Arbitrary<Table> tables() {
    Arbitrary<String> field = Arbitraries.strings()
        .withChars(",\t|;\"' \r\n\u00a0\uFEFF\u2028")
        .withCharRange('a', 'e')
        .withCharRange('0', '3')
        .withCharRange('\u00c0', '\u00c5')
        .withCharRange('\u0001', '\u0008')
        .ofMaxLength(12);
    return Arbitraries.integers().between(1, 5).flatMap(width -> {
      List<String> columns = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        columns.add("c" + i);
      }
      Arbitrary<String[]> row = field.array(String[].class).ofSize(width);
      return Combinators.combine(Arbitraries.just(columns), row.list().ofMaxSize(15))
          .as(Table::new);
    });
  }

  @Property(tries = 300)
  void csv_encodedThenRead_givesTheSameFields(@ForAll("tables") Table table) throws IOException {
    assertRoundTrip(table, OutputFormat.csv(), InputFormat.csv());
  }

  @Property(tries = 200)
  void tsv_encodedThenRead_givesTheSameFields(@ForAll("tables") Table table) throws IOException {
    assertRoundTrip(table, OutputFormat.tsv(), InputFormat.tsv());
  }

  @Property(tries = 200)
  void psvWithCrlf_encodedThenRead_givesTheSameFields(@ForAll("tables") Table table)
      throws IOException {
    assertRoundTrip(table, OutputFormat.psv().withLineSeparator("\r\n"), InputFormat.psv());
  }

  @Property(tries = 300)
  void ndjson_encodedThenRead_givesTheSameFields(@ForAll("tables") Table table)
      throws IOException {
    if (table.rows().isEmpty()) {
      return; // NDJSON takes its columns from the first object: no rows, no file to read.
    }
    assertRoundTrip(table, OutputFormat.ndjson(), InputFormat.ndjson());
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
      assertThat(all.rows().get(i).fields()).containsExactly(table.rows().get(i));
    }
  }
}
