package org.deid.core.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deid.core.normalize.Attribute;
import org.deid.core.transform.FieldTransform;
import org.deid.core.transform.KeepTransform;
import org.deid.core.transform.KeyedFunctions;
import org.deid.core.transform.RestrictedZip3;

/**
 * A validated de-identification policy (see {@code docs/policy.md}). Immutable and thread-safe;
 * obtain one from {@link PolicyLoader}. Apply it to an input header with {@link #plan}.
 */
public final class Policy {
  private final String source;
  private final String name;
  private final int version;
  private final String sha256;
  private final Method method;
  private final boolean safeHarborPreset;
  private final InputSpec input;
  private final OutputSpec output;
  private final TokenSpec tokens;
  private final Optional<PersonKeySpec> personKey;
  private final UnmappedColumns unmappedColumns;
  private final Optional<LocalDate> referenceDate;
  private final RestrictedZip3 zip3Restricted;
  private final List<ColumnSpec> columns;

  Policy(
      String source,
      String name,
      int version,
      String sha256,
      Method method,
      boolean safeHarborPreset,
      InputSpec input,
      OutputSpec output,
      TokenSpec tokens,
      Optional<PersonKeySpec> personKey,
      UnmappedColumns unmappedColumns,
      Optional<LocalDate> referenceDate,
      RestrictedZip3 zip3Restricted,
      List<ColumnSpec> columns) {
    this.source = source;
    this.name = name;
    this.version = version;
    this.sha256 = sha256;
    this.method = method;
    this.safeHarborPreset = safeHarborPreset;
    this.input = input;
    this.output = output;
    this.tokens = tokens;
    this.personKey = personKey;
    this.unmappedColumns = unmappedColumns;
    this.referenceDate = referenceDate;
    this.zip3Restricted = zip3Restricted;
    this.columns = List.copyOf(columns);
  }

  /**
   * @return the policy name
   */
  public String name() {
    return name;
  }

  /**
   * @return the client's policy version, positive
   */
  public int version() {
    return version;
  }

  /**
   * @return lower-case hex SHA-256 of the policy source bytes
   */
  public String sha256() {
    return sha256;
  }

  /**
   * @return the de-identification method the policy follows
   */
  public Method method() {
    return method;
  }

  /**
   * @return the preset name ({@code safe-harbor}), or empty when none is used
   */
  public Optional<String> preset() {
    return safeHarborPreset ? Optional.of(SafeHarborPreset.ID) : Optional.empty();
  }

  /**
   * @return how to read the input
   */
  public InputSpec input() {
    return input;
  }

  /**
   * @return how to write the output
   */
  public OutputSpec output() {
    return output;
  }

  /**
   * @return the token profile, rules and output column prefix
   */
  public TokenSpec tokens() {
    return tokens;
  }

  /**
   * @return what identifies a person for date shifting, if configured
   */
  public Optional<PersonKeySpec> personKey() {
    return personKey;
  }

  /**
   * @return what happens to input columns the policy does not name
   */
  public UnmappedColumns unmappedColumns() {
    return unmappedColumns;
  }

  /**
   * @return the default reference date of ages, if configured
   */
  public Optional<LocalDate> referenceDate() {
    return referenceDate;
  }

  /**
   * @return the restricted ZIP3 list
   */
  public RestrictedZip3 zip3Restricted() {
    return zip3Restricted;
  }

  /**
   * @return the column entries in policy order, presets applied
   */
  public List<ColumnSpec> columns() {
    return columns;
  }

  /**
   * Applies the policy to an input header. Fails, listing every problem at once, when the header
   * names a column twice, has columns the policy does not name (with {@code unmapped_columns:
   * refuse}), lacks columns the policy names or refers to ({@code as_of_column}, {@code
   * person_key.column}), or when a token column name clashes with an output column.
   *
   * @param inputColumns the input header, in order
   * @param keys the client's keyed functions, captured by keyed transforms
   * @return the plan
   * @throws PolicyException when the policy does not fit the header
   */
  public ColumnPlan plan(List<String> inputColumns, KeyedFunctions keys) throws PolicyException {
    Problems problems = new Problems(source);
    Map<String, Integer> indexByName = new HashMap<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (int i = 0; i < inputColumns.size(); i++) {
      if (indexByName.putIfAbsent(inputColumns.get(i), i) != null) {
        duplicates.add(inputColumns.get(i));
      }
    }
    if (!duplicates.isEmpty()) {
      problems.add(
          "(input header)", "columns named more than once: " + String.join(", ", duplicates));
    }
    Map<String, ColumnSpec> specs = new HashMap<>();
    columns.forEach(spec -> specs.put(spec.name(), spec));
    checkCoverage(inputColumns, indexByName, specs, problems);
    checkReferences(indexByName, problems);
    checkTokenColumns(inputColumns, specs, problems);
    problems.throwIfAny();
    List<InputColumn> planned = new ArrayList<>();
    TransformFactory factory = new TransformFactory(keys, zip3Restricted, indexByName);
    for (int i = 0; i < inputColumns.size(); i++) {
      planned.add(column(i, inputColumns.get(i), specs.get(inputColumns.get(i)), factory));
    }
    ColumnPlan plan = new ColumnPlan(planned);
    return plan;
  }

  private void checkCoverage(
      List<String> inputColumns,
      Map<String, Integer> indexByName,
      Map<String, ColumnSpec> specs,
      Problems problems) {
    Set<String> unmapped = new LinkedHashSet<>();
    for (String column : inputColumns) {
      if (!specs.containsKey(column)) {
        unmapped.add(column);
      }
    }
    if (!inputColumns.isEmpty() && unmapped.size() == inputColumns.size()) {
      // Not one name matches: the first record is probably data read as a header, so its
      // "names" may be PII and are not repeated.
      problems.add(
          "columns",
          "none of the input's "
              + inputColumns.size()
              + " columns is named in the policy; its first record may be data rather than a"
              + " header (check input.header); the names are not shown");
    } else if (unmappedColumns == UnmappedColumns.REFUSE && !unmapped.isEmpty()) {
      problems.add(
          "columns",
          "input columns not named in the policy (unmapped_columns: refuse): "
              + String.join(", ", unmapped));
    }
    List<String> missing = new ArrayList<>();
    for (ColumnSpec spec : columns) {
      if (!indexByName.containsKey(spec.name())) {
        missing.add(spec.name());
      }
    }
    if (!missing.isEmpty()) {
      problems.add(
          "columns",
          "columns named in the policy but missing from the input: " + String.join(", ", missing));
    }
  }

  private void checkTokenColumns(
      List<String> inputColumns, Map<String, ColumnSpec> specs, Problems problems) {
    Set<String> outputs = new LinkedHashSet<>();
    for (String column : inputColumns) {
      ColumnSpec spec = specs.get(column);
      boolean output =
          spec == null
              ? unmappedColumns == UnmappedColumns.KEEP
              : spec.action().action() != Action.DROP;
      if (output) {
        outputs.add(column);
      }
    }
    for (RuleSpec rule : tokens.rules()) {
      String tokenColumn = tokens.columnPrefix() + rule.id();
      if (outputs.contains(tokenColumn)) {
        problems.add(
            "tokens.column_prefix",
            "token column '" + tokenColumn + "' has the name of an output column");
      }
    }
  }

  private void checkReferences(Map<String, Integer> indexByName, Problems problems) {
    for (ColumnSpec spec : columns) {
      asOfColumn(spec.action())
          .filter(ref -> !indexByName.containsKey(ref))
          .ifPresent(
              ref ->
                  problems.add(
                      "columns." + spec.name() + ".as_of_column",
                      "column '" + ref + "' is not in the input"));
    }
    personKey
        .flatMap(PersonKeySpec::column)
        .filter(c -> !indexByName.containsKey(c))
        .ifPresent(
            c -> problems.add("person_key.column", "column '" + c + "' is not in the input"));
  }

  private static Optional<String> asOfColumn(ActionSpec action) {
    if (action instanceof ActionSpec.Age age) {
      return age.asOf().column();
    }
    if (action instanceof ActionSpec.BirthYear birthYear) {
      return birthYear.asOf().column();
    }
    return Optional.empty();
  }

  private InputColumn column(int index, String name, ColumnSpec spec, TransformFactory factory) {
    if (spec == null) {
      boolean keep = unmappedColumns == UnmappedColumns.KEEP;
      Optional<FieldTransform> transform =
          keep ? Optional.of(KeepTransform.INSTANCE) : Optional.empty();
      return new InputColumn(index, name, Optional.empty(), transform, keep ? "keep" : "drop");
    }
    Optional<Attribute> attribute = spec.role().flatMap(Role::attribute);
    return new InputColumn(
        index, name, attribute, factory.create(name, spec.action()), spec.action().action().id());
  }

  /**
   * Describes the policy by name, version and hash only.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "Policy[" + name + " v" + version + ", sha256=" + sha256 + "]";
  }
}
