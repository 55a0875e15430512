package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Safe Harbor example end to end and checks that no name, SSN, phone, e-mail, street or
 * MRN value of the input appears anywhere in what the run leaves: output, report, standard output
 * and standard error, or any other file in the output directory.
 */
class SafeHarborNoLeakTest {
  private static final List<String> DIRECT_IDENTIFIERS =
      List.of(
          "first_name", "last_name", "ssn", "phone", "email", "street_address", "mrn", "member_id");

  @TempDir Path dir;

  @Test
  void safeHarborExample_directIdentifiers_appearNowhereInOutputReportOrMessages()
      throws IOException {
    CliProcess.Result result =
        CliProcess.run(
            dir,
            Examples.tokenizeArgs(
                "--shuffle", "3", "--out", "out", Examples.patients().toString()));
    assertThat(result.exitCode()).as(result.toString()).isZero();

    Set<String> secrets = identifierValues(Examples.patients());
    List<String> everything = new ArrayList<>();
    everything.add(result.stdout().toLowerCase(Locale.ROOT));
    everything.add(result.stderr().toLowerCase(Locale.ROOT));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        everything.add(Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
      }
    }
    Set<String> outputFields = outputFields(dir.resolve("out/patients.csv"));
    for (String secret : secrets) {
      assertThat(outputFields)
          .as("an output field equals an input identifier")
          .doesNotContain(secret);
      if (secret.length() >= 6) {
        String needle = secret.toLowerCase(Locale.ROOT);
        for (String text : everything) {
          if (text.contains(needle)) {
            throw new AssertionError(
                "an identifier value was found in the output, report or messages");
          }
        }
      }
    }
    assertThat(secrets).hasSizeGreaterThan(5000);
  }

  private static Set<String> identifierValues(Path csv) throws IOException {
    Set<String> values = new HashSet<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
      List<Integer> indexes = new ArrayList<>();
      for (CsvRecord record : reader) {
        if (indexes.isEmpty()) {
          for (String column : DIRECT_IDENTIFIERS) {
            indexes.add(record.getFields().indexOf(column));
          }
          continue;
        }
        for (int index : indexes) {
          String value = record.getField(index).trim();
          if (!value.isEmpty()) {
            values.add(value);
            values.add(value.replaceAll("[^0-9A-Za-z]", ""));
          }
        }
      }
    }
    values.remove("");
    return values;
  }

  private static Set<String> outputFields(Path csv) throws IOException {
    Set<String> fields = new HashSet<>();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
      for (CsvRecord record : reader) {
        fields.addAll(record.getFields());
      }
    }
    return fields;
  }
}
