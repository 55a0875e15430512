package org.deid.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deid.core.normalize.Attribute;
import org.deid.core.transform.TestKeys;
import org.deid.core.transform.TestRow;
import org.junit.jupiter.api.Test;

class ExamplePolicyTest {
  /** The header of the sample file the example policy is written for. */
  private static List<String> patientsHeader() throws IOException {
    String header =
        Files.readAllLines(Path.of("..", "examples", "patients.csv"), StandardCharsets.UTF_8)
            .get(0);
    return List.of(header.split(",", -1));
  }

  private static Path example() {
    // Tests run in deid-core; the examples live at the repository root.
    return Path.of("..", "examples", "safe-harbor.yaml");
  }

  @Test
  void example_loadsAsSafeHarborWithFiveTokens() throws PolicyException {
    Policy policy = PolicyLoader.load(example());
    assertThat(policy.method()).isEqualTo(Method.SAFE_HARBOR);
    assertThat(policy.tokens().rules())
        .extracting(RuleSpec::id)
        .containsExactly("T1", "T2", "T3", "T4", "T5");
    assertThat(policy.sha256()).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void example_plansAgainstThePatientsHeader() throws PolicyException, IOException {
    ColumnPlan plan = PolicyLoader.load(example()).plan(patientsHeader(), new TestKeys());
    assertThat(plan.outputColumns())
        .containsExactly(
            "birth_date",
            "sex",
            "state",
            "zip",
            "admission_date",
            "discharge_date",
            "diagnosis_codes",
            "hba1c",
            "total_cost");
    assertThat(plan.actionsByColumn())
        .containsEntry("birth_date", "birth_year")
        .containsEntry("zip", "zip3")
        .containsEntry("admission_date", "date_to_year")
        .containsEntry("hba1c", "bucket")
        .containsEntry("ssn", "drop")
        .containsEntry("record_id", "drop");
    assertThat(plan.inputs())
        .filteredOn(c -> c.attribute().isPresent())
        .extracting(c -> c.attribute().orElseThrow())
        .containsExactly(
            Attribute.FIRST_NAME,
            Attribute.LAST_NAME,
            Attribute.BIRTH_DATE,
            Attribute.SEX,
            Attribute.SSN,
            Attribute.POSTAL_CODE,
            Attribute.PHONE,
            Attribute.EMAIL);
  }

  @Test
  void example_transformsASampleRow() throws PolicyException, IOException {
    ColumnPlan plan = PolicyLoader.load(example()).plan(patientsHeader(), new TestKeys());
    String[] row = {
      "R1",
      "John",
      "Smith",
      "1930-05-01",
      "M",
      "452-38-7291",
      "1 Main St",
      "Bellevue",
      "WA",
      "98004-1234",
      "425-555-0100",
      "j@x.org",
      "MRN1",
      "M1",
      "2024-03-05",
      "2024-03-09",
      "E11.9;I10",
      "6.4",
      "1234.56"
    };
    TestRow context = TestRow.withFields(row);
    StringBuilder out = new StringBuilder();
    for (InputColumn column : plan.inputs()) {
      column
          .transform()
          .ifPresent(t -> out.append(t.apply(row[column.index()], context)).append(','));
    }
    assertThat(out.toString()).isEqualTo("90+,M,WA,980,2024,2024,E11.9;I10,[5.7,6.5),1234.56,");
    assertThat(context.invalid()).isEmpty();
  }
}
