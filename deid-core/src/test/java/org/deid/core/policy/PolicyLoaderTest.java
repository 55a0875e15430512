package org.deid.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.deid.core.transform.RestrictedZip3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  private static final String MINIMAL =
      "deid_policy: 1\nname: minimal\nversion: 2\n" + "columns:\n  code: keep\n";

  private static List<String> problems(String yaml) {
    try {
      PolicyLoader.parse(yaml, "p.yaml");
    } catch (PolicyException e) {
      return e.problems();
    }
    throw new AssertionError("policy was accepted");
  }

  @Test
  void parse_minimalPolicy_appliesDocumentedDefaults() throws PolicyException {
    Policy policy = PolicyLoader.parse(MINIMAL, "p.yaml");
    assertThat(policy.name()).isEqualTo("minimal");
    assertThat(policy.version()).isEqualTo(2);
    assertThat(policy.method()).isEqualTo(Method.SAFE_HARBOR);
    assertThat(policy.preset()).isEmpty();
    assertThat(policy.input())
        .isEqualTo(
            new InputSpec(
                "csv", ',', '"', true, StandardCharsets.UTF_8, false, MalformedRowStrategy.REJECT));
    assertThat(policy.output()).isEqualTo(new OutputSpec("csv", ',', '"'));
    assertThat(policy.unmappedColumns()).isEqualTo(UnmappedColumns.REFUSE);
    assertThat(policy.tokens().rules()).isEmpty();
    assertThat(policy.personKey()).isEmpty();
    assertThat(policy.zip3Restricted()).isEqualTo(RestrictedZip3.CENSUS_2010);
    assertThat(policy.columns())
        .containsExactly(new ColumnSpec("code", Optional.empty(), new ActionSpec.Keep()));
  }

  @Test
  void parse_fullFormat_readsEveryKey() throws PolicyException {
    String yaml =
        String.join(
            "\n",
            "deid_policy: 1",
            "name: example",
            "version: 3",
            "method: expert-determination",
            "preset: safe-harbor",
            "input:",
            "  format: psv",
            "  quote: \"'\"",
            "  header: false",
            "  encoding: windows-1252",
            "  malformed_rows: fail",
            "output:",
            "  format: tsv",
            "unmapped_columns: drop",
            "tokens:",
            "  profile: deid-v1",
            "  rules: [T1, T3]",
            "  custom:",
            "    - id: C1",
            "      expression: \"soundex(last_name) | soundex(first_name) | birth_date\"",
            "  column_prefix: tok_",
            "person_key: {rule: T3}",
            "reference_date: 2026-01-01",
            "zip3_restricted: union",
            "columns:",
            "  first_name: {role: first_name}",
            "  birth_date: {role: birth_date, action: age, as_of_column: admission_date}",
            "  admission_date: {role: date, action: date_shift, max_days: 180}",
            "  diagnosis_codes: keep",
            "  hba1c: {action: bucket, bounds: [5.7, 6.5]}",
            "  ssn: {role: ssn, action: mask, keep_last: 4, mask_char: X}",
            "  mrn: {role: mrn, action: hash, length: 16}",
            "");
    Policy policy = PolicyLoader.parse(yaml, "p.yaml");
    assertThat(policy.method()).isEqualTo(Method.EXPERT_DETERMINATION);
    assertThat(policy.preset()).contains("safe-harbor");
    assertThat(policy.input())
        .isEqualTo(
            new InputSpec(
                "psv",
                '|',
                '\'',
                false,
                java.nio.charset.Charset.forName("windows-1252"),
                false,
                MalformedRowStrategy.FAIL));
    assertThat(policy.output()).isEqualTo(new OutputSpec("tsv", '\t', '"'));
    assertThat(policy.unmappedColumns()).isEqualTo(UnmappedColumns.DROP);
    assertThat(policy.tokens())
        .isEqualTo(
            new TokenSpec(
                "deid-v1",
                List.of(
                    new RuleSpec("T1", "last_name|first_name[0:1]|sex|birth_date"),
                    new RuleSpec("T3", "last_name|first_name|sex|birth_date"),
                    new RuleSpec("C1", "soundex(last_name) | soundex(first_name) | birth_date")),
                "tok_"));
    assertThat(policy.personKey()).contains(new PersonKeySpec(Optional.of("T3"), Optional.empty()));
    assertThat(policy.referenceDate()).contains(LocalDate.of(2026, 1, 1));
    assertThat(policy.zip3Restricted()).isEqualTo(RestrictedZip3.UNION);
    assertThat(policy.columns())
        .extracting(ColumnSpec::action)
        .containsExactly(
            new ActionSpec.Drop(),
            new ActionSpec.Age(
                new ActionSpec.AsOf(Optional.empty(), Optional.of("admission_date"))),
            new ActionSpec.DateShift(180),
            new ActionSpec.Keep(),
            new ActionSpec.Bucket(
                List.of(new BigDecimal("5.7"), new BigDecimal("6.5")), Optional.empty()),
            new ActionSpec.Mask(0, 4, 'X'),
            new ActionSpec.Hash(16));
  }

  @Test
  void parse_tokensWithoutRules_usesAllFiveBuiltIns() throws PolicyException {
    Policy policy = PolicyLoader.parse(MINIMAL + "tokens: {profile: deid-v1}\n", "p.yaml");
    assertThat(policy.tokens().rules())
        .extracting(RuleSpec::id)
        .containsExactly("T1", "T2", "T3", "T4", "T5");
    assertThat(policy.tokens().rules().get(3).expression()).isEqualTo("ssn|sex|birth_date");
  }

  @Test
  void parse_outputWithoutFormat_copiesInputDialect() throws PolicyException {
    Policy policy =
        PolicyLoader.parse(MINIMAL + "input: {format: csv, delimiter: ';'}\n", "p.yaml");
    assertThat(policy.output()).isEqualTo(new OutputSpec("csv", ';', '"'));
  }

  @Test
  void parse_unknownAction_namesSourcePathAndChoices() {
    assertThat(problems(MINIMAL + "  admission_date: {role: date, action: date_to_yr}\n"))
        .containsExactly(
            "p.yaml: columns.admission_date.action: unknown action 'date_to_yr' "
                + "(expected one of: keep, drop, redact, mask, hash, pseudonym, date_to_year, "
                + "date_shift, age, birth_year, age_cap, zip3, bucket)");
  }

  @Test
  void parse_unknownKeysAtEveryLevel_areRejected() {
    List<String> problems =
        problems(
            MINIMAL
                + "  zip: {role: postal_code, action: zip3, restricted: union}\n"
                + "colums: {}\n"
                + "input: {format: csv, delimeter: ','}\n"
                + "tokens: {rule: [T1]}\n");
    assertThat(problems).hasSize(4);
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("p.yaml: colums: unknown key"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("p.yaml: input.delimeter: unknown key"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("p.yaml: tokens.rule: unknown key"));
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("p.yaml: columns.zip.restricted: unknown key"));
  }

  @Test
  void parse_parameterOfAnotherAction_saysWhichParametersApply() {
    assertThat(problems(MINIMAL + "  hba1c: {action: keep, bounds: [1]}\n"))
        .containsExactly(
            "p.yaml: columns.hba1c.bounds: not a parameter of action 'keep' (it takes no parameters)");
  }

  @Test
  void parse_manyMistakes_reportsAllTogether() {
    String yaml =
        String.join(
            "\n",
            "deid_policy: 2",
            "version: 0",
            "method: safe-harbour",
            "input: {format: xlsx, encoding: EBCDIC, header: yes please}",
            "unmapped_columns: ignore",
            "zip3_restricted: census1990",
            "reference_date: 2026-02-30",
            "columns:",
            "  a: {action: hash, length: 2}",
            "  b: {action: bucket}",
            "  c: {role: nickname, action: keep}",
            "  d: {role: date}",
            "");
    List<String> problems = problems(yaml);
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "p.yaml: deid_policy: must be between 1 and 1, found 2",
            "p.yaml: name: required key is missing",
            "p.yaml: version: must be between 1 and 2147483647, found 0",
            "p.yaml: method: unknown value 'safe-harbour' (expected one of: safe-harbor, expert-determination)",
            "p.yaml: input.format: unknown format 'xlsx' (expected one of: csv, tsv, psv, ndjson)",
            "p.yaml: input.header: expected true or false, found text",
            "p.yaml: input.encoding: unknown encoding 'EBCDIC' (expected one of: UTF-8, ISO-8859-1, windows-1252)",
            "p.yaml: unmapped_columns: unknown value 'ignore' (expected one of: refuse, drop, keep)",
            "p.yaml: zip3_restricted: unknown value 'census1990' (expected one of: census2010, census2000, union)",
            "p.yaml: reference_date: expected a date yyyy-MM-dd",
            "p.yaml: columns.a.length: must be between 8 and 43, found 2",
            "p.yaml: columns.b: action 'bucket' needs exactly one of 'bounds' or 'width'",
            "p.yaml: columns.c.role: unknown role 'nickname' (expected one of: " + roleIds() + ")",
            "p.yaml: columns.d: no action: give 'action' or set 'preset: safe-harbor'");
  }

  private static String roleIds() {
    return String.join(", ", java.util.Arrays.stream(Role.values()).map(Role::id).toList());
  }

  @Test
  void parse_columnWithoutRoleOrAction_needsAnAction() {
    assertThat(problems(MINIMAL + "  notes: {}\n"))
        .containsExactly(
            "p.yaml: columns.notes: no action: a column without a role needs an explicit action");
  }

  @Test
  void parse_tokenRuleProblems_areReported() {
    String yaml =
        MINIMAL
            + "tokens:\n  rules: [T1, T1, T9]\n  custom:\n"
            + "    - {id: C1, expression: ssn}\n    - {id: 'a b', expression: ssn}\n"
            + "    - {id: C2, expression: ' '}\n    - {expression: ssn}\n"
            + "    - {id: C1, expression: ssn}\n"
            + "person_key: {rule: S9}\n";
    assertThat(problems(yaml))
        .containsExactly(
            "p.yaml: tokens.rules[1]: rule 'T1' is listed twice",
            "p.yaml: tokens.rules[2]: unknown built-in rule 'T9' (expected one of: T1, T2, T3, T4, T5, S1, S2; "
                + "define others under tokens.custom)",
            "p.yaml: tokens.custom[1].id: must be letters, digits and '_' only",
            "p.yaml: tokens.custom[2].expression: must not be empty",
            "p.yaml: tokens.custom[3].id: required key is missing",
            "p.yaml: tokens.custom[4].id: rule id 'C1' is used twice",
            "p.yaml: person_key.rule: rule 'S9' is not one of the policy's token rules");
  }

  @Test
  void parse_customRuleWithBuiltInIdOrBadExpression_namesTheKeyPath() {
    String yaml =
        MINIMAL
            + "tokens:\n  rules: [T1]\n  custom:\n"
            + "    - {id: S1, expression: 'soundex(last_name)|sex'}\n"
            + "    - {id: T1, expression: ssn}\n"
            + "    - {id: C1, expression: 'sondex(last_name)|birth_date'}\n"
            + "    - {id: C2, expression: 'last_name|zip'}\n"
            + "    - {id: C3, expression: 'first_name[2:1]'}\n";
    assertThat(problems(yaml))
        .containsExactly(
            "p.yaml: tokens.custom[0].id: 'S1' is the id of a built-in rule "
                + "(list it under tokens.rules, or choose another id)",
            "p.yaml: tokens.custom[1].id: 'T1' is the id of a built-in rule "
                + "(list it under tokens.rules, or choose another id)",
            "p.yaml: tokens.custom[2].expression: rule C1: unknown function 'sondex' at column 1",
            "p.yaml: tokens.custom[3].expression: rule C2: unknown attribute 'zip' at column 11",
            "p.yaml: tokens.custom[4].expression: rule C3: slice [2:1] is empty at column 11");
  }

  @Test
  void parse_dateShiftWithoutPersonKey_isRejected() {
    assertThat(
            problems(
                "deid_policy: 1\nname: n\nversion: 1\nmethod: expert-determination\n"
                    + "columns:\n  d: {action: date_shift}\n"))
        .containsExactly(
            "p.yaml: columns.d.action: action 'date_shift' needs a top-level 'person_key'");
  }

  @Test
  void parse_ageWithoutAnyReferenceDate_isRejected() {
    assertThat(
            problems(
                MINIMAL
                    + "  b: {action: age}\n  c: {action: birth_year, as_of: 2026-13-01}\n"
                    + "  d: {action: age, as_of: 2026-01-01, as_of_column: x}\n"))
        .containsExactly(
            "p.yaml: columns.b: needs 'as_of', 'as_of_column' or a top-level 'reference_date' to compute ages",
            "p.yaml: columns.c.as_of: expected a date yyyy-MM-dd",
            "p.yaml: columns.d: give either 'as_of' or 'as_of_column', not both");
  }

  @Test
  void parse_ndjsonWithDelimiter_isRejected() {
    assertThat(problems(MINIMAL + "input: {format: ndjson, delimiter: ';'}\n"))
        .containsExactly("p.yaml: input.delimiter: not allowed with format 'ndjson'");
  }

  @Test
  void parse_duplicateTokenAttributeRole_namesBothColumns() {
    assertThat(
            problems(
                MINIMAL
                    + "  zip: {role: postal_code, action: zip3}\n"
                    + "  zip2: {role: postal_code, action: zip3}\n"))
        .containsExactly(
            "p.yaml: columns.zip2.role: role 'postal_code' is already given to column 'zip' "
                + "(token attributes need one source column)");
  }

  @Test
  void parse_invalidYaml_givesLocationWithoutSourceText() {
    assertThatThrownBy(() -> PolicyLoader.parse("name: [unclosed\nsecret: 123-45-6789\n", "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("p.yaml: line ")
        .hasMessageContaining("not valid YAML")
        .hasMessageNotContaining("123-45-6789");
  }

  @Test
  void parse_duplicateKey_isRejected() {
    assertThatThrownBy(() -> PolicyLoader.parse(MINIMAL + "name: again\n", "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("name");
  }

  @Test
  void parse_notAMapping_isRejected() {
    assertThat(problems("- a\n- b\n"))
        .containsExactly("p.yaml: (document): expected a mapping of policy keys");
  }

  @Test
  void sha256_isHexOfSourceBytes() throws Exception {
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(MINIMAL.getBytes(StandardCharsets.UTF_8)));
    assertThat(PolicyLoader.parse(MINIMAL, "p.yaml").sha256()).isEqualTo(expected);
  }

  @Test
  void load_readsFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, MINIMAL, StandardCharsets.UTF_8);
    assertThat(PolicyLoader.load(file).name()).isEqualTo("minimal");
    Files.writeString(file, MINIMAL + "bogus: 1\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PolicyLoader.load(file))
        .hasMessageStartingWith("mine.yaml: bogus: unknown key");
  }

  @Test
  void load_missingFile_namesThePathAsGiven(@TempDir Path dir) {
    Path absent = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> PolicyLoader.load(absent))
        .isInstanceOf(PolicyException.class)
        .hasMessage(absent + ": no such policy file");
  }
}
