package org.deid.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutputNamesTest {
  @ParameterizedTest
  @CsvSource({
    "inbox/patients.csv, out/, out/patients.csv, out/patients.report.json",
    "inbox/visits.csv.gz, out/, out/visits.csv.gz, out/visits.report.json",
    "a.ndjson, '', a.ndjson, a.report.json",
    "x/y/noext, r/, r/noext, r/noext.report.json",
    "x/.hidden, r/, r/.hidden, r/.hidden.report.json",
    "x/A.CSV.GZ, r/, r/A.CSV.GZ, r/A.report.json"
  })
  void names_followTheCli(String input, String folder, String output, String report) {
    assertThat(OutputNames.output(input, folder)).isEqualTo(output);
    assertThat(OutputNames.report(input, folder)).isEqualTo(report);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "p.csv",
        "p.csv.gz",
        "p.tsv",
        "p",
        ".p",
        "p.a.b.csv",
        "P.GZ",
        "p.Gz",
        "p.csv.gz.gz"
      })
  void reportName_isTheCoresReportName(String fileName) {
    assertThat(OutputNames.report("in/" + fileName, ""))
        .isEqualTo(org.deid.core.pipeline.OutputNames.reportName(fileName));
  }

  @ParameterizedTest
  @ValueSource(strings = {"out", "out/", ""})
  void folder_alwaysEndsWithASlashUnlessEmpty(String prefix) {
    assertThat(OutputNames.folder(prefix)).isIn("out/", "");
  }
}
