package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void inspect_missingFile_exitsOneNamingIt() {
    CliProcess.Result result = CliProcess.run(dir, "inspect", "absent.csv");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("absent.csv");
  }
}
