package org.deid.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.policy.PolicyLoader;
import org.deid.core.report.RunReport;
import org.junit.jupiter.api.Test;

/**
 * The day a run happens never changes its output when the policy names a {@code reference_date};
 * without one, the run date bounds valid birth dates and the report says so.
 */
class BirthDateBoundTest {
  private static final String INPUT =
      "first_name,last_name,birth_date,sex\n"
          + "John,Smith,1980-01-15,M\n"
          + "Ann,Lee,2027-05-05,F\n"
          + "Old,Timer,1930-06-30,M\n";

  private static String policy(String referenceDate) {
    return "deid_policy: 1\nname: bound\nversion: 1\nmethod: safe-harbor\npreset: safe-harbor\n"
        + referenceDate
        + "tokens: {rules: [T3]}\n"
        + "columns:\n  first_name: {role: first_name}\n  last_name: {role: last_name}\n"
        + "  birth_date: {role: birth_date, as_of: 2026-01-01}\n  sex: {role: sex}\n";
  }

  private record Run(String output, RunReport report) {}

  private static Run run(String policyText, Instant when) throws Exception {
    KeyMaterial keys = KeyFiles.read(java.nio.file.Path.of("../conformance/tokens/test-keys.json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunReport report =
        Deidentifier.create(PolicyLoader.parse(policyText, "bound.yaml"), keys)
            .run(
                RunInput.of(
                    "in.csv",
                    () -> new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8))),
                out,
                RunOptions.defaults()
                    .withClock(Clock.fixed(when, ZoneId.of("Pacific/Kiritimati"))));
    return new Run(out.toString(StandardCharsets.UTF_8), report);
  }

  @Test
  void run_policyWithReferenceDate_sameBytesOnAnyDay() throws Exception {
    String policy = policy("reference_date: 2026-06-01\n");
    Run early = run(policy, Instant.parse("2026-03-01T12:00:00Z"));
    Run late = run(policy, Instant.parse("2031-01-01T00:00:00Z"));

    assertThat(late.output()).isEqualTo(early.output());
    List<String> lines = early.output().lines().toList();
    assertThat(lines.get(1)).matches("[A-Za-z0-9_-]{71},1980,M");
    assertThat(lines.get(2)).as("born after the reference date: no token").isEqualTo(",,F");
    assertThat(lines.get(3)).as("95 at the reference date").endsWith(",90+,M");
    assertThat(early.report().birthDateBound())
        .isEqualTo(new RunReport.DateBound(LocalDate.of(2026, 6, 1), "reference_date"));
    assertThat(new String(early.report().toJson(), StandardCharsets.UTF_8))
        .contains("\"birth_dates_valid_until\" : {", "\"source\" : \"reference_date\"");
  }

  @Test
  void run_policyWithoutReferenceDate_usesTheUtcRunDateAndReportsIt() throws Exception {
    String policy = policy("");
    // 23:30 UTC is already the next day in the clock's zone (UTC+14): the UTC date must win.
    Run before = run(policy, Instant.parse("2027-05-04T23:30:00Z"));
    Run after = run(policy, Instant.parse("2027-05-05T00:30:00Z"));

    assertThat(before.report().birthDateBound())
        .isEqualTo(new RunReport.DateBound(LocalDate.of(2027, 5, 4), "run_date"));
    assertThat(after.report().birthDateBound().date())
        .isEqualTo(LocalDate.ofInstant(Instant.parse("2027-05-05T00:30:00Z"), ZoneOffset.UTC));
    assertThat(before.output().lines().toList().get(2)).startsWith(",");
    assertThat(after.output().lines().toList().get(2)).matches("[A-Za-z0-9_-]{71},.*");
  }
}
