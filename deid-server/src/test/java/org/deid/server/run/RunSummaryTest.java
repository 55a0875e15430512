package org.deid.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only documented, well-formed run summaries are accepted; refusals name the field only. */
class RunSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Object> file() {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("input", "patients.csv");
    file.put("inputBytes", 100);
    file.put("output", "patients.csv");
    file.put("outputBytes", 90);
    file.put("rowsRead", 3);
    file.put("rowsWritten", 2);
    file.put("rowsRejected", 1);
    return file;
  }

  private static Map<String, Object> summary(List<Map<String, Object>> files) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("toolVersion", "0.1.0-SNAPSHOT");
    summary.put("policyVersion", 2);
    summary.put("keysVersion", 1);
    summary.put("keyIds", List.of("663622566", "link-b4a8b54a"));
    summary.put("files", files);
    summary.put("startedAt", "2026-12-03T20:00:00Z");
    summary.put("durationMillis", 1234);
    summary.put("exitStatus", 0);
    return summary;
  }

  private static RunSummary parse(Object body) throws Exception {
    return RunSummary.parse(JSON.writeValueAsBytes(body));
  }

  @Test
  void parse_documentedFields_roundTripsThroughStorage() throws Exception {
    RunSummary summary = parse(summary(List.of(file())));

    assertThat(RunSummary.fromStored(summary.toJson())).isEqualTo(summary);
    assertThat(summary.files().get(0).rowsRejected()).isEqualTo(1);
  }

  @Test
  void parse_fileNameWithADirectoryOrControlCharacter_isRefusedNamingTheField() throws Exception {
    for (String name :
        List.of("/home/ana/patients.csv", "a\\b.csv", "line\nbreak", "x".repeat(256))) {
      Map<String, Object> file = file();
      file.put("input", name);
      assertThatThrownBy(() -> parse(summary(List.of(file))))
          .isInstanceOf(RunSummaryException.class)
          .hasMessageContaining("files[0].input")
          .message()
          .doesNotContain(name);
    }
  }

  @Test
  void parse_unknownNestedField_negativeCount_orTooManyFiles_isRefused() throws Exception {
    Map<String, Object> extra = file();
    extra.put("firstRow", "Ana,Smith");
    assertThatThrownBy(() -> parse(summary(List.of(extra))))
        .isInstanceOf(RunSummaryException.class)
        .message()
        .doesNotContain("Ana");
    Map<String, Object> negative = file();
    negative.put("rowsRead", -1);
    assertThatThrownBy(() -> parse(summary(List.of(negative))))
        .hasMessageContaining("files[0].rowsRead");
    List<Map<String, Object>> many = new ArrayList<>(Collections.nCopies(1001, file()));
    assertThatThrownBy(() -> parse(summary(many))).hasMessageContaining("'files'");
  }

  @Test
  void parse_missingFieldOrBadTimestamp_isRefused() throws Exception {
    Map<String, Object> missing = summary(List.of());
    missing.remove("exitStatus");
    assertThatThrownBy(() -> parse(missing)).hasMessageContaining("exitStatus");
    Map<String, Object> badTime = summary(List.of());
    badTime.put("startedAt", "yesterday");
    assertThatThrownBy(() -> parse(badTime)).hasMessageContaining("startedAt");
  }
}
