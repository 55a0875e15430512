package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of {@code conformance/malformed/cases.yaml} and checks its exact outcome. */
class MalformedCorpusTest {
  private static final Path CORPUS = Path.of("..", "conformance", "malformed");

  record Manifest(List<Case> cases) {}

  record Case(
      String name,
      String file,
      Format format,
      String note,
      Integer rows,
      List<Expected> malformed,
      List<String> columns,
      String fatal) {}

  record Format(
      String kind,
      String delimiter,
      String quote,
      Boolean header,
      String charset,
      String compression,
      Boolean trim,
      Integer maxFieldChars,
      Integer maxRecordChars) {

    InputFormat toInputFormat() {
      InputFormat f =
          switch (kind) {
            case "csv" -> InputFormat.csv();
            case "tsv" -> InputFormat.tsv();
            case "psv" -> InputFormat.psv();
            case "ndjson" -> InputFormat.ndjson();
            default -> throw new IllegalArgumentException("unknown kind " + kind);
          };
      if (delimiter != null) {
        f = f.withDelimiter(delimiter.charAt(0));
      }
      if (quote != null) {
        f = f.withQuote(quote.charAt(0));
      }
      if (header != null) {
        f = f.withHeader(header);
      }
      if (charset != null) {
        f = f.withCharset(Charset.forName(charset));
      }
      if (compression != null) {
        f = f.withCompression(Compression.valueOf(compression.toUpperCase(Locale.ROOT)));
      }
      if (trim != null) {
        f = f.withTrim(trim);
      }
      if (maxFieldChars != null) {
        f = f.withLimits(maxFieldChars, maxRecordChars);
      }
      return f;
    }
  }

  record Expected(long line, String reason) {}

  static Manifest manifest() throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return yaml.readValue(CORPUS.resolve("cases.yaml").toFile(), Manifest.class);
  }

  @Test
  void manifest_hasAtLeastThirtyCasesEachWithOneOutcomeAndAFile() throws IOException {
    List<Case> cases = manifest().cases();

    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    assertThat(cases)
        .allSatisfy(
            c -> {
              assertThat(CORPUS.resolve(c.file())).exists();
              assertThat(c.fatal() == null).isEqualTo(c.rows() != null);
            });
  }

  @TestFactory
  Stream<DynamicTest> everyCase_readsToItsExpectedOutcome() throws IOException {
    return manifest().cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) throws IOException {
    byte[] bytes = Files.readAllBytes(CORPUS.resolve(c.file()));
    InputFormat format = c.format().toInputFormat();
    if (c.fatal() != null) {
      assertThatThrownBy(() -> readAll(bytes, format, c.file()))
          .isInstanceOf(RecordFormatException.class)
          .hasMessageContaining(c.file())
          .extracting(e -> ((RecordFormatException) e).reason())
          .isEqualTo(c.fatal());
      return;
    }
    Reading.All all = readAll(bytes, format, c.file());
    assertThat(all.malformed())
        .extracting(m -> new Expected(m.line(), m.reason()))
        .as("malformed records of %s", c.name())
        .containsExactlyElementsOf(c.malformed());
    assertThat(all.rows()).as("rows of %s", c.name()).hasSize(c.rows());
    assertThat(all.rows()).allSatisfy(r -> assertThat(r.fields()).hasSize(all.columns().size()));
    if (c.columns() != null) {
      assertThat(all.columns()).containsExactlyElementsOf(c.columns());
    }
  }

  private static Reading.All readAll(byte[] bytes, InputFormat format, String name)
      throws IOException {
    return Reading.read(bytes, format, name);
  }
}
