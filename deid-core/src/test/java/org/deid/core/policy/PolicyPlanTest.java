package org.deid.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.deid.core.normalize.Attribute;
import org.deid.core.transform.TestKeys;
import org.deid.core.transform.TestRow;
import org.junit.jupiter.api.Test;

class PolicyPlanTest {
  private static final String HEAD =
      "deid_policy: 1\nname: n\nversion: 1\npreset: safe-harbor\n" + "reference_date: 2026-01-01\n";
  private final TestKeys keys = new TestKeys();

  private static Policy policy(String yaml) throws PolicyException {
    return PolicyLoader.parse(yaml, "p.yaml");
  }

  private List<String> planProblems(String yaml, List<String> header) throws PolicyException {
    try {
      policy(yaml).plan(header, keys);
    } catch (PolicyException e) {
      return e.problems();
    }
    throw new AssertionError("plan was accepted");
  }

  @Test
  void plan_mapsColumnsToTransformsAttributesAndActions() throws PolicyException {
    ColumnPlan plan =
        policy(
                HEAD
                    + "zip3_restricted: union\ncolumns:\n"
                    + "  last_name: {role: last_name}\n  zip: {role: postal_code}\n"
                    + "  birth_date: {role: birth_date, action: age, as_of_column: visit}\n  visit: {role: date}\n")
            .plan(List.of("visit", "zip", "last_name", "birth_date"), keys);
    assertThat(plan.outputColumns()).containsExactly("visit", "zip", "birth_date");
    assertThat(plan.actionsByColumn())
        .containsExactly(
            java.util.Map.entry("visit", "date_to_year"), java.util.Map.entry("zip", "zip3"),
            java.util.Map.entry("last_name", "drop"), java.util.Map.entry("birth_date", "age"));
    InputColumn lastName = plan.inputs().get(2);
    assertThat(lastName.index()).isEqualTo(2);
    assertThat(lastName.attribute()).contains(Attribute.LAST_NAME);
    assertThat(lastName.transform()).isEmpty();
    TestRow row = TestRow.withFields("2000-01-14", "79001", "Smith", "1980-01-15");
    assertThat(plan.inputs().get(1).transform().orElseThrow().apply("79001", row)).isEqualTo("000");
    assertThat(plan.inputs().get(3).transform().orElseThrow().apply("1980-01-15", row))
        .isEqualTo("19");
    assertThat(plan.inputs().get(0).attribute()).isEmpty();
  }

  @Test
  void plan_refuse_listsEveryUnmappedColumn() throws PolicyException {
    assertThat(planProblems(HEAD + "columns:\n  a: keep\n", List.of("x", "a", "y", "z")))
        .containsExactly(
            "p.yaml: columns: input columns not named in the policy "
                + "(unmapped_columns: refuse): x, y, z");
  }

  @Test
  void plan_firstRecordLooksLikeData_neverRepeatsItsValues() throws PolicyException {
    List<String> problems =
        planProblems(
            HEAD + "columns:\n  first_name: {role: first_name}\n  ssn: {role: ssn}\n",
            List.of("María", "452-38-7291"));
    assertThat(problems)
        .containsExactly(
            "p.yaml: columns: none of the input's 2 columns is named in the policy; its first"
                + " record may be data rather than a header (check input.header); the names are"
                + " not shown",
            "p.yaml: columns: columns named in the policy but missing from the input: first_name,"
                + " ssn");
    assertThat(String.join("\n", problems)).doesNotContain("María", "452-38-7291");
  }

  @Test
  void plan_dropAndKeep_treatUnmappedColumnsAsNamed() throws PolicyException {
    ColumnPlan dropped =
        policy(HEAD + "unmapped_columns: drop\ncolumns:\n  a: keep\n")
            .plan(List.of("x", "a"), keys);
    assertThat(dropped.outputColumns()).containsExactly("a");
    assertThat(dropped.actionsByColumn()).containsEntry("x", "drop");
    ColumnPlan kept =
        policy(HEAD + "unmapped_columns: keep\ncolumns:\n  a: keep\n")
            .plan(List.of("x", "a"), keys);
    assertThat(kept.outputColumns()).containsExactly("x", "a");
    assertThat(kept.inputs().get(0).transform().orElseThrow().apply("v", TestRow.empty()))
        .isEqualTo("v");
  }

  @Test
  void plan_missingAndUnmappedTogether_areAllListed() throws PolicyException {
    assertThat(
            planProblems(HEAD + "columns:\n  a: keep\n  b: keep\n  c: keep\n", List.of("a", "d")))
        .containsExactly(
            "p.yaml: columns: input columns not named in the policy (unmapped_columns: refuse): d",
            "p.yaml: columns: columns named in the policy but missing from the input: b, c");
  }

  @Test
  void plan_referencesToAbsentColumns_areReported() throws PolicyException {
    String yaml =
        HEAD
            + "method: expert-determination\nperson_key: {column: patient_id}\n"
            + "unmapped_columns: drop\ncolumns:\n  b: {role: birth_date, action: age, as_of_column: visit}\n";
    assertThat(planProblems(yaml, List.of("b")))
        .containsExactly(
            "p.yaml: columns.b.as_of_column: column 'visit' is not in the input",
            "p.yaml: person_key.column: column 'patient_id' is not in the input");
  }

  @Test
  void plan_duplicateHeaderName_isReported() throws PolicyException {
    assertThat(planProblems(HEAD + "columns:\n  a: keep\n", List.of("a", "a")))
        .containsExactly("p.yaml: (input header): columns named more than once: a");
  }

  @Test
  void plan_tokenColumnClashingWithOutputColumn_isReported() throws PolicyException {
    assertThat(
            planProblems(
                HEAD + "tokens: {rules: [T1]}\ncolumns:\n  token_T1: keep\n", List.of("token_T1")))
        .containsExactly(
            "p.yaml: tokens.column_prefix: token column 'token_T1' has the name of an output column");
  }

  @Test
  void plan_keyedTransforms_useTheGivenKeys() throws PolicyException {
    Policy policy =
        policy(
            HEAD
                + "method: expert-determination\ncolumns:\n"
                + "  mrn: {role: mrn, action: hash}\n");
    String mine =
        policy
            .plan(List.of("mrn"), keys)
            .inputs()
            .get(0)
            .transform()
            .orElseThrow()
            .apply("A1", TestRow.empty());
    String theirs =
        policy
            .plan(List.of("mrn"), new TestKeys("other"))
            .inputs()
            .get(0)
            .transform()
            .orElseThrow()
            .apply("A1", TestRow.empty());
    assertThat(mine).hasSize(43).isNotEqualTo(theirs);
  }

  @Test
  void plan_columnsAreMatchedByExactName() throws PolicyException {
    assertThatThrownBy(
            () ->
                policy(HEAD + "columns:\n  Zip: {role: postal_code}\n").plan(List.of("zip"), keys))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("missing from the input: Zip");
  }

  @Test
  void plan_inputColumnRecord_carriesTheAction() throws PolicyException {
    InputColumn column =
        policy(HEAD + "columns:\n  s: {role: sex}\n").plan(List.of("s"), keys).inputs().get(0);
    assertThat(column.action()).isEqualTo("keep");
    assertThat(column.attribute()).isEqualTo(Optional.of(Attribute.SEX));
  }
}
