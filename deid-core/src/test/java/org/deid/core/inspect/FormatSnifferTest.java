package org.deid.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.deid.core.record.Kind;
import org.deid.core.record.ReadResult;
import org.deid.core.record.RecordReader;
import org.deid.core.record.RecordReaders;
import org.junit.jupiter.api.Test;

class FormatSnifferTest {

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FormatSnifferTest.class.getResourceAsStream("/inspect/" + name)) {
      return in.readAllBytes();
    }
  }

  private static InspectionResult sniff(byte[] bytes) throws IOException {
    return FormatSniffer.sniff(new ByteArrayInputStream(bytes), "sample.file", 100);
  }

  private static Map<String, String> roles(InspectionResult result) {
    return result.profiles().stream()
        .collect(Collectors.toMap(ColumnProfile::name, ColumnProfile::guessedRole));
  }

  @Test
  void febrlLike_detectsCommaHeaderLeadingSpacesAndRolesFromSynonyms() throws IOException {
    InspectionResult result = sniff(resource("febrl_like.csv"));

    assertThat(result.kind()).isEqualTo(Kind.DELIMITED);
    assertThat(result.delimiter()).isEqualTo(',');
    assertThat(result.header()).isTrue();
    assertThat(result.leadingSpaces()).isTrue();
    assertThat(result.sampledRows()).isEqualTo(5);
    assertThat(result.columns()).startsWith("rec_id", "given_name", "surname");
    assertThat(roles(result))
        .containsAllEntriesOf(
            Map.of(
                "rec_id",
                "record_id",
                "given_name",
                "first_name",
                "surname",
                "last_name",
                "street_number",
                "street_address",
                "address_1",
                "street_address",
                "suburb",
                "city",
                "postcode",
                "postal_code",
                "state",
                "state",
                "date_of_birth",
                "birth_date",
                "soc_sec_id",
                "ssn"));
    assertThat(result.profiles().get(9).shape()).isEqualTo("dddddddd");
  }

  @Test
  void febrlLike_resultAndToStringHoldNoDataValues() throws IOException {
    String text = sniff(resource("febrl_like.csv")).toString();

    assertThat(text)
        .doesNotContain(
            "kaitlin", "christie", "7232587", "19100524", "tullaroop", "4155", "rec-1-org");
  }

  @Test
  void tsv_detectsTabAndRolesFromNamesConfirmedByValues() throws IOException {
    InspectionResult result = sniff(resource("patients.tsv"));

    assertThat(result.delimiter()).isEqualTo('\t');
    assertThat(result.header()).isTrue();
    assertThat(result.leadingSpaces()).isFalse();
    assertThat(roles(result))
        .containsAllEntriesOf(
            Map.of(
                "patient_id",
                "record_id",
                "first_name",
                "first_name",
                "dob",
                "birth_date",
                "gender",
                "sex",
                "ssn",
                "ssn",
                "zip",
                "postal_code",
                "phone",
                "phone",
                "email",
                "email",
                "diagnosis_code",
                "none",
                "notes",
                "free_text"));
    ColumnProfile ssn = result.profiles().get(5);
    assertThat(ssn.shape()).isEqualTo("ddd-dd-dddd");
    assertThat(ssn.confidence()).isEqualTo(1.0);
    assertThat(ssn.filledFraction()).isEqualTo(1.0);
    assertThat(ssn.distinctFraction()).isEqualTo(1.0);
    assertThat(result.profiles().get(4).distinctFraction()).isEqualTo(0.5);
  }

  @Test
  void noHeader_namesColumnsAndGuessesRolesFromValues() throws IOException {
    InspectionResult result = sniff(resource("no_header.csv"));

    assertThat(result.header()).isFalse();
    assertThat(result.columns()).containsExactly("col_1", "col_2", "col_3", "col_4");
    assertThat(result.profiles())
        .extracting(ColumnProfile::guessedRole)
        .containsExactly("ssn", "date", "postal_code", "email");
    assertThat(result.sampledRows()).isEqualTo(3);
  }

  @Test
  void gzipLatin1_detectsGzipAndLatin1() throws IOException {
    byte[] latin1 = "id;name\n1;Zoë\n2;Renée\n".getBytes(StandardCharsets.ISO_8859_1);

    InspectionResult result = sniff(gzip(latin1));

    assertThat(result.gzip()).isTrue();
    assertThat(result.validUtf8()).isFalse();
    assertThat(result.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(result.delimiter()).isEqualTo(';');
  }

  @Test
  void cp1252SmartQuotes_guessesWindows1252() throws IOException {
    byte[] bytes = "id|note\n1|“hi”\n2|€5\n".getBytes(Charset.forName("windows-1252"));

    InspectionResult result = sniff(bytes);

    assertThat(result.charset()).isEqualTo(Charset.forName("windows-1252"));
    assertThat(result.delimiter()).isEqualTo('|');
  }

  @Test
  void utf8WithBom_reportsBomAndCleanFirstName() throws IOException {
    byte[] bytes = "\uFEFFid,email\n1,a@example.org\n".getBytes(StandardCharsets.UTF_8);

    InspectionResult result = sniff(bytes);

    assertThat(result.byteOrderMark()).isTrue();
    assertThat(result.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(result.columns()).containsExactly("id", "email");
  }

  @Test
  void ndjson_takesColumnsFromFirstObject() throws IOException {
    byte[] bytes =
        "{\"mrn\":\"A1\",\"email\":\"a@example.org\"}\n{\"mrn\":\"A2\"}\n"
            .getBytes(StandardCharsets.UTF_8);

    InspectionResult result = sniff(bytes);

    assertThat(result.kind()).isEqualTo(Kind.NDJSON);
    assertThat(result.columns()).containsExactly("mrn", "email");
    assertThat(result.profiles().get(1).filledFraction()).isEqualTo(0.5);
    assertThat(roles(result)).containsEntry("mrn", "mrn");
  }

  @Test
  void toInputFormat_readsTheSampledFileCleanly() throws IOException {
    byte[] bytes = resource("febrl_like.csv");
    InspectionResult result = sniff(bytes);

    try (RecordReader reader =
        RecordReaders.open(
            new ByteArrayInputStream(bytes), result.toInputFormat(), "febrl_like.csv")) {
      assertThat(reader.columns()).isEqualTo(result.columns());
      ReadResult first = reader.next().orElseThrow();
      assertThat(first).isInstanceOf(ReadResult.Row.class);
      assertThat(((ReadResult.Row) first).fields()[1]).isEqualTo("kaitlin");
    }
  }

  @Test
  void emptyInput_hasNoColumns() throws IOException {
    InspectionResult result = sniff(new byte[0]);

    assertThat(result.columns()).isEmpty();
    assertThat(result.header()).isFalse();
  }

  @Test
  void valueShape_collapsesLettersKeepsDigitCountsAndCaps() {
    assertThat(ValueShape.of("078-05-1120")).isEqualTo("ddd-dd-dddd");
    assertThat(ValueShape.of("Mary  Ann O'Brien")).isEqualTo("a a a'a");
    assertThat(ValueShape.of("1".repeat(30))).isEqualTo("d".repeat(24) + "…");
    assertThat(ValueShape.of("1".repeat(24))).isEqualTo("d".repeat(24));
  }

  @Test
  void columnNameRoles_matchSynonymsAndCompoundNames() {
    assertThat(ColumnNameRoles.guess("Zip Code"))
        .get()
        .extracting(ColumnNameRoles.Hint::role)
        .isEqualTo("postal_code");
    assertThat(ColumnNameRoles.guess("patient_dob"))
        .get()
        .extracting(ColumnNameRoles.Hint::role)
        .isEqualTo("birth_date");
    assertThat(ColumnNameRoles.guess("admit_dt"))
        .get()
        .extracting(ColumnNameRoles.Hint::role)
        .isEqualTo("date");
    assertThat(ColumnNameRoles.guess("Telephone"))
        .get()
        .extracting(ColumnNameRoles.Hint::role)
        .isEqualTo("phone");
    assertThat(ColumnNameRoles.guess("hba1c")).isEmpty();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aColumnNamedAsNotes_staysFreeText_evenWhenItsFewValuesLookLikeSex() throws IOException {
    InspectionResult result =
        sniff("id,notes,gender\n1,x,F\n2,M,M\n3,f,F\n".getBytes(StandardCharsets.UTF_8));

    assertThat(roles(result)).containsEntry("notes", "free_text").containsEntry("gender", "sex");
  }

  @Test
  void profiles_matchColumnsOneToOne() throws IOException {
    InspectionResult result = sniff(resource("patients.tsv"));
    assertThat(result.profiles())
        .extracting(ColumnProfile::name)
        .isEqualTo(List.copyOf(result.columns()));
  }
}
