package org.deid.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeHarborPresetTest {
  private static final String HEAD =
      "deid_policy: 1\nname: n\nversion: 1\npreset: safe-harbor\n"
          + "reference_date: 2026-01-01\nperson_key: {column: patient_id}\n";

  private static List<String> problems(String yaml) {
    try {
      PolicyLoader.parse(yaml, "p.yaml");
      return List.of();
    } catch (PolicyException e) {
      return e.problems();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "first_name, drop",
    "last_name, drop",
    "middle_name, drop",
    "birth_date, birth_year",
    "sex, keep",
    "ssn, drop",
    "postal_code, zip3",
    "phone, drop",
    "email, drop",
    "fax, drop",
    "street_address, drop",
    "city, drop",
    "county, drop",
    "state, keep",
    "date, date_to_year",
    "age, age_cap",
    "mrn, drop",
    "member_id, drop",
    "account_number, drop",
    "license_number, drop",
    "vehicle_id, drop",
    "device_id, drop",
    "url, drop",
    "ip_address, drop",
    "biometric_id, drop",
    "photo, drop",
    "other_identifier, drop",
    "record_id, drop",
    "free_text, drop"
  })
  void preset_roleWithoutAction_getsSafeHarborDefault(String role, String action)
      throws PolicyException {
    Policy policy = PolicyLoader.parse(HEAD + "columns:\n  c: {role: " + role + "}\n", "p.yaml");
    assertThat(policy.columns().get(0).action().action().id()).isEqualTo(action);
  }

  @Test
  void preset_coversEveryRole() {
    for (Role role : Role.values()) {
      assertThat(SafeHarborPreset.defaultAction(role)).isNotNull();
      assertThat(SafeHarborPreset.allows(role, SafeHarborPreset.defaultAction(role))).isTrue();
      assertThat(SafeHarborPreset.allows(role, Action.DROP)).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "date, date_shift",
    "date, keep",
    "birth_date, date_to_year",
    "birth_date, keep",
    "postal_code, keep",
    "ssn, mask",
    "mrn, hash",
    "mrn, pseudonym",
    "age, keep",
    "age, mask",
    "first_name, keep"
  })
  void safeHarbor_lessStrictOverride_isRejectedWithAllowedList(String role, String action) {
    List<String> problems =
        problems(HEAD + "columns:\n  c: {role: " + role + ", action: " + action + "}\n");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "p.yaml: columns.c.action: action '"
                + action
                + "' is less strict than the Safe Harbor default")
        .contains("(allowed: ")
        .contains("method: expert-determination");
  }

  @ParameterizedTest
  @CsvSource({
    "date, drop", "date, redact", "date, birth_year", "birth_date, age", "birth_date, drop",
    "postal_code, redact", "ssn, redact", "sex, hash", "state, drop", "age, age_cap"
  })
  void safeHarbor_overrideAtLeastAsStrict_isAccepted(String role, String action) {
    assertThat(problems(HEAD + "columns:\n  c: {role: " + role + ", action: " + action + "}\n"))
        .isEmpty();
  }

  @Test
  void expertDetermination_allowsAnyAction() {
    assertThat(
            problems(
                HEAD
                    + "method: expert-determination\ncolumns:\n"
                    + "  a: {role: date, action: date_shift}\n  b: {role: mrn, action: pseudonym}\n"
                    + "  c: {role: postal_code, action: keep}\n"))
        .isEmpty();
  }

  @Test
  void safeHarbor_withoutPreset_stillChecksRoles() {
    assertThat(
            problems(
                HEAD.replace("preset: safe-harbor\n", "")
                    + "columns:\n  a: {role: ssn, action: keep}\n"))
        .containsExactly(
            "p.yaml: columns.a.action: action 'keep' is less strict than the Safe "
                + "Harbor default 'drop' for role 'ssn' (allowed: drop, redact); use "
                + "'method: expert-determination' if an expert approved it");
  }

  @Test
  void preset_unknownName_isRejected() {
    assertThat(
            problems(
                HEAD.replace("preset: safe-harbor", "preset: hipaa") + "columns:\n  a: keep\n"))
        .containsExactly("p.yaml: preset: unknown preset 'hipaa' (expected one of: safe-harbor)");
  }

  @Test
  void preset_defaultActionTakesParametersGivenWithoutAction() throws PolicyException {
    Policy policy =
        PolicyLoader.parse(
            HEAD + "columns:\n" + "  b: {role: birth_date, as_of_column: visit}\n", "p.yaml");
    assertThat(policy.columns().get(0).action())
        .isEqualTo(
            new ActionSpec.BirthYear(
                new ActionSpec.AsOf(java.util.Optional.empty(), java.util.Optional.of("visit"))));
  }
}
