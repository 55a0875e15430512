package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path dir;

  @Test
  void inspect_sample_printsStarterPolicyThatCoversTheFileAndNoValues() throws IOException {
    CliProcess.Result result = CliProcess.run(dir, "inspect", Examples.patients().toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout())
        .contains(
            "\"ssn\": {role: ssn}", "\"zip\": {role: postal_code}", "rules: [T1, T2, T3, T4, T5]");
    assertThat(result.stderr()).contains("delimited by comma", "ddd-dd-dddd");
    String firstRow = Files.readAllLines(Examples.patients()).get(1);
    for (String value : firstRow.split(",")) {
      if (value.length() >= 5) {
        assertThat(result.stdout() + result.stderr()).doesNotContain(value);
      }
    }
    Files.writeString(dir.resolve("starter.yaml"), result.stdout());
    CliProcess.Result check =
        CliProcess.run(
            dir, "policy", "check", "starter.yaml", "--input", Examples.patients().toString());
    assertThat(check.exitCode()).as(check.toString()).isZero();
  }

  @Test
  void inspect_emptyFile_exitsOneAndPrintsNoPolicy() throws IOException {
    Files.writeString(dir.resolve("empty.csv"), "\n\n");

    CliProcess.Result result = CliProcess.run(dir, "inspect", "empty.csv");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("empty.csv: empty_file");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void inspect_missingFile_exitsOneNamingIt() {
    CliProcess.Result result = CliProcess.run(dir, "inspect", "absent.csv");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("absent.csv");
  }

  @Test
  void inspect_fileWithoutHeader_dropsColumnsWithoutARoleUntilReviewed() throws IOException {
    List<String> lines = Files.readAllLines(Examples.patients());
    Files.writeString(dir.resolve("nohdr.csv"), String.join("\n", lines.subList(1, 400)) + "\n");

    CliProcess.Result result = CliProcess.run(dir, "inspect", "nohdr.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("header: false", "\"col_1\": drop", "\"col_2\": drop");
    assertThat(result.stdout()).doesNotContain(": keep ");
    assertThat(result.stdout())
        .containsPattern("reference_date: \\d{4}-\\d{2}-\\d{2}")
        .contains("\"col_6\": {role: ssn}");
    Files.writeString(dir.resolve("starter.yaml"), result.stdout());
    CliProcess.Result check =
        CliProcess.run(dir, "policy", "check", "starter.yaml", "--input", "nohdr.csv");
    assertThat(check.exitCode()).as(check.toString()).isZero();
  }

  @Test
  void inspect_gzippedLatin1Tsv_sniffsFormatAndStarterPolicyTokenizesIt() throws IOException {
    List<String> lines = Files.readAllLines(Examples.patients());
    StringBuilder tsv = new StringBuilder();
    for (String line : lines.subList(0, 300)) {
      if (!line.contains("\"")) {
        tsv.append(line.replace(',', '\t')).append('\n');
      }
    }
    tsv.append(
        "R9999999\tRenée\tMüller\t1980-01-15\tF\t452-38-7291\t1 Rue\tQuébec\tNY\t10001"
            + "\t(206) 555-1234\tr@m.org\tMRN1\tMBR-1\t2024-01-01\t2024-01-02\tE11.9\t5.1\t1.00\n");
    try (java.io.OutputStream out =
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("p.tsv.gz")))) {
      out.write(tsv.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    CliProcess.Result result = CliProcess.run(dir, "inspect", "p.tsv.gz");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("delimited by tab", "(gzip)", "ISO-8859-1");
    assertThat(result.stdout()).contains("format: tsv", "encoding: ISO-8859-1");
    assertThat(result.stdout() + result.stderr()).doesNotContain("Müller", "452-38-7291");
    Files.writeString(dir.resolve("starter.yaml"), result.stdout());
    CliProcess.Result run =
        CliProcess.run(
            dir,
            "tokenize",
            "--policy",
            "starter.yaml",
            "--keys",
            Examples.demoKeys().toString(),
            "--out",
            "out",
            "p.tsv.gz");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(dir.resolve("out/p.tsv.gz")).exists();
  }
}
