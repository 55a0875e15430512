package org.deid.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deid.core.token.TokenRule;
import org.deid.core.token.TokenRuleException;
import org.deid.core.transform.RestrictedZip3;

/** Turns a YAML tree into a validated {@link Policy}, collecting every problem. */
final class PolicyParser {
  private static final List<String> ROOT_KEYS =
      List.of(
          "deid_policy",
          "name",
          "version",
          "method",
          "preset",
          "input",
          "output",
          "unmapped_columns",
          "tokens",
          "person_key",
          "reference_date",
          "zip3_restricted",
          "columns");
  private static final List<String> INPUT_KEYS =
      List.of("format", "delimiter", "quote", "header", "encoding", "trim", "malformed_rows");
  private static final List<String> OUTPUT_KEYS = List.of("format", "delimiter", "quote");
  private static final List<String> TOKEN_KEYS =
      List.of("profile", "rules", "custom", "column_prefix");
  private static final List<String> PROFILES =
      List.of("deid-v1", "opentoken-hash", "opentoken-encrypted");
  private static final Map<String, Charset> ENCODINGS =
      Map.of(
          "UTF-8",
          StandardCharsets.UTF_8,
          "ISO-8859-1",
          StandardCharsets.ISO_8859_1,
          "windows-1252",
          Charset.forName("windows-1252"));

  private final Problems problems;

  PolicyParser(Problems problems) {
    this.problems = problems;
  }

  Policy parse(JsonNode root, String sha256) throws PolicyException {
    if (root == null || !root.isObject()) {
      problems.add("(document)", "expected a mapping of policy keys");
      problems.throwIfAny();
    }
    Mapping top = Mapping.of(root, "", problems, ROOT_KEYS);
    Optional<Integer> format = required(top, "deid_policy", top.integer("deid_policy", 1, 1));
    String name = required(top, "name", top.nonEmptyText("name")).orElse("");
    int version = required(top, "version", top.integer("version", 1, Integer.MAX_VALUE)).orElse(1);
    Method method = top.choice("method", Method.values(), Method::id).orElse(Method.SAFE_HARBOR);
    boolean preset =
        top.text("preset")
            .map(
                id ->
                    SafeHarborPreset.byId(id).isPresent() || unknownPreset(top.path("preset"), id))
            .orElse(false);
    InputSpec input = input(top);
    OutputSpec output = output(top, input);
    UnmappedColumns unmapped =
        top.choice("unmapped_columns", UnmappedColumns.values(), UnmappedColumns::id)
            .orElse(UnmappedColumns.REFUSE);
    TokenSpec tokens = tokens(top);
    Optional<PersonKeySpec> personKey = personKey(top, tokens);
    Optional<LocalDate> referenceDate =
        top.text("reference_date")
            .flatMap(text -> ColumnParser.parseDate(text, "reference_date", problems));
    RestrictedZip3 zip3 =
        top.choice("zip3_restricted", RestrictedZip3.values(), RestrictedZip3::id)
            .orElse(RestrictedZip3.CENSUS_2010);
    ColumnParser columnParser =
        new ColumnParser(
            new ColumnParser.Context(
                problems, method, preset, referenceDate, personKey.isPresent()));
    List<ColumnSpec> columns = columns(top, columnParser);
    problems.throwIfAny();
    return new Policy(
        problems.source(),
        name,
        version,
        sha256,
        method,
        preset,
        input,
        output,
        tokens,
        personKey,
        unmapped,
        referenceDate,
        zip3,
        columns);
  }

  private <T> Optional<T> required(Mapping mapping, String key, Optional<T> value) {
    if (!mapping.has(key)) {
      problems.add(mapping.path(key), "required key is missing");
    }
    return value;
  }

  private boolean unknownPreset(String path, String id) {
    problems.add(
        path, "unknown preset '" + id + "' (expected one of: " + SafeHarborPreset.ID + ")");
    return false;
  }

  private InputSpec input(Mapping top) {
    Optional<Mapping> section = top.mapping("input", INPUT_KEYS);
    String format = section.flatMap(m -> format(m)).orElse("csv");
    char delimiter =
        section.flatMap(m -> delimiter(m, format)).orElse(FormatDefaults.delimiter(format));
    char quote = section.flatMap(m -> quote(m, format)).orElse('"');
    if (FormatDefaults.isDelimited(format) && delimiter == quote) {
      problems.add("input.quote", "must differ from the delimiter");
    }
    boolean header = section.flatMap(m -> m.bool("header")).orElse(true);
    Charset encoding =
        section
            .flatMap(m -> m.text("encoding").flatMap(e -> encoding(m, e)))
            .orElse(StandardCharsets.UTF_8);
    MalformedRowStrategy malformed =
        section
            .flatMap(
                m ->
                    m.choice(
                        "malformed_rows", MalformedRowStrategy.values(), MalformedRowStrategy::id))
            .orElse(MalformedRowStrategy.REJECT);
    boolean trim = section.flatMap(m -> m.bool("trim")).orElse(false);
    return new InputSpec(format, delimiter, quote, header, encoding, trim, malformed);
  }

  private OutputSpec output(Mapping top, InputSpec input) {
    Optional<Mapping> section = top.mapping("output", OUTPUT_KEYS);
    Optional<String> explicitFormat = section.flatMap(m -> format(m));
    String format = explicitFormat.orElse(input.format());
    boolean sameAsInput = explicitFormat.isEmpty() || explicitFormat.get().equals(input.format());
    char delimiter =
        section
            .flatMap(m -> delimiter(m, format))
            .orElse(sameAsInput ? input.delimiter() : FormatDefaults.delimiter(format));
    char quote = section.flatMap(m -> quote(m, format)).orElse(sameAsInput ? input.quote() : '"');
    if (FormatDefaults.isDelimited(format) && delimiter == quote) {
      problems.add("output.quote", "must differ from the delimiter");
    }
    return new OutputSpec(format, delimiter, quote);
  }

  private Optional<String> format(Mapping section) {
    return section
        .text("format")
        .flatMap(
            f -> {
              if (FormatDefaults.FORMATS.contains(f)) {
                return Optional.of(f);
              }
              problems.add(
                  section.path("format"),
                  "unknown format '"
                      + f
                      + "' (expected one of: "
                      + String.join(", ", FormatDefaults.FORMATS)
                      + ")");
              return Optional.empty();
            });
  }

  private Optional<Character> delimiter(Mapping section, String format) {
    return delimitedOnly(section, "delimiter", format);
  }

  private Optional<Character> quote(Mapping section, String format) {
    return delimitedOnly(section, "quote", format);
  }

  private Optional<Character> delimitedOnly(Mapping section, String key, String format) {
    if (section.has(key) && !FormatDefaults.isDelimited(format)) {
      problems.add(section.path(key), "not allowed with format '" + format + "'");
      return Optional.empty();
    }
    Optional<Character> value = section.character(key);
    if (value.isPresent() && (value.get() == '\n' || value.get() == '\r')) {
      problems.add(section.path(key), "must not be a line break");
      return Optional.empty();
    }
    return value;
  }

  private Optional<Charset> encoding(Mapping section, String name) {
    for (Map.Entry<String, Charset> entry : ENCODINGS.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return Optional.of(entry.getValue());
      }
    }
    problems.add(
        section.path("encoding"),
        "unknown encoding '" + name + "' (expected one of: UTF-8, ISO-8859-1, windows-1252)");
    return Optional.empty();
  }

  private TokenSpec tokens(Mapping top) {
    Optional<Mapping> section = top.mapping("tokens", TOKEN_KEYS);
    if (section.isEmpty()) {
      return new TokenSpec("deid-v1", List.of(), "token_");
    }
    Mapping tokens = section.get();
    String profile = tokens.text("profile").filter(p -> knownProfile(tokens, p)).orElse("deid-v1");
    String prefix = tokens.text("column_prefix").orElse("token_");
    List<RuleSpec> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Optional<List<JsonNode>> builtIns = tokens.list("rules");
    List<JsonNode> chosen = builtIns.orElse(List.of());
    if (!tokens.has("rules")) {
      BuiltInRules.ids()
          .forEach(id -> rules.add(new RuleSpec(id, BuiltInRules.expression(id).orElseThrow())));
      BuiltInRules.ids().forEach(ids::add);
    }
    for (int i = 0; i < chosen.size(); i++) {
      String path = tokens.path("rules") + "[" + i + "]";
      JsonNode node = chosen.get(i);
      if (!node.isTextual()) {
        problems.add(path, "expected a rule id, found " + Mapping.typeName(node));
        continue;
      }
      String id = node.textValue();
      Optional<String> expression = BuiltInRules.expression(id);
      if (expression.isEmpty()) {
        problems.add(
            path,
            "unknown built-in rule '"
                + id
                + "' (expected one of: "
                + String.join(", ", BuiltInRules.allIds())
                + "; define others under tokens.custom)");
      } else if (!ids.add(id)) {
        problems.add(path, "rule '" + id + "' is listed twice");
      } else {
        rules.add(new RuleSpec(id, expression.get()));
      }
    }
    customRules(tokens, ids, rules);
    return new TokenSpec(profile, rules, prefix);
  }

  private boolean knownProfile(Mapping tokens, String profile) {
    if (PROFILES.contains(profile)) {
      return true;
    }
    problems.add(
        tokens.path("profile"),
        "unknown profile '" + profile + "' (expected one of: " + String.join(", ", PROFILES) + ")");
    return false;
  }

  private void customRules(Mapping tokens, Set<String> ids, List<RuleSpec> rules) {
    List<JsonNode> custom = tokens.list("custom").orElse(List.of());
    for (int i = 0; i < custom.size(); i++) {
      String path = tokens.path("custom") + "[" + i + "]";
      if (!custom.get(i).isObject()) {
        problems.add(path, "expected a mapping with 'id' and 'expression'");
        continue;
      }
      Mapping rule = Mapping.of(custom.get(i), path, problems, List.of("id", "expression"));
      Optional<String> id = required(rule, "id", rule.nonEmptyText("id"));
      Optional<String> expression = required(rule, "expression", rule.nonEmptyText("expression"));
      if (id.isPresent() && !isRuleId(id.get())) {
        problems.add(rule.path("id"), "must be letters, digits and '_' only");
      } else if (id.isPresent() && BuiltInRules.expression(id.get()).isPresent()) {
        // A custom rule under a built-in id would make tokens that look like, but never match,
        // the built-in rule's tokens of other parties.
        problems.add(
            rule.path("id"),
            "'"
                + id.get()
                + "' is the id of a built-in rule (list it under tokens.rules, or choose another id)");
      } else if (id.isPresent() && !ids.add(id.get())) {
        problems.add(rule.path("id"), "rule id '" + id.get() + "' is used twice");
      } else if (id.isPresent() && expression.isPresent() && parses(rule, id.get(), expression)) {
        rules.add(new RuleSpec(id.get(), expression.get().strip()));
      }
    }
  }

  /** Parses the expression once here, so that its problems carry the key path. */
  private boolean parses(Mapping rule, String id, Optional<String> expression) {
    try {
      TokenRule.parse(id, expression.orElseThrow().strip());
      return true;
    } catch (TokenRuleException e) {
      problems.add(rule.path("expression"), e.getMessage());
      return false;
    }
  }

  private static boolean isRuleId(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c == '_'
          || (c >= '0' && c <= '9')
          || (c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  private Optional<PersonKeySpec> personKey(Mapping top, TokenSpec tokens) {
    Optional<Mapping> section = top.mapping("person_key", List.of("rule", "column"));
    if (section.isEmpty()) {
      return Optional.empty();
    }
    Mapping key = section.get();
    Optional<String> rule = key.nonEmptyText("rule");
    Optional<String> column = key.nonEmptyText("column");
    if (key.has("rule") == key.has("column")) {
      problems.add(key.path(), "give exactly one of 'rule' or 'column'");
      return Optional.empty();
    }
    if (rule.isPresent() && tokens.rules().stream().noneMatch(r -> r.id().equals(rule.get()))) {
      problems.add(
          key.path("rule"), "rule '" + rule.get() + "' is not one of the policy's token rules");
      return Optional.empty();
    }
    if (rule.isEmpty() && column.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PersonKeySpec(rule, column));
  }

  private List<ColumnSpec> columns(Mapping top, ColumnParser parser) {
    Optional<Mapping> section =
        top.raw("columns").isPresent() && top.raw("columns").get().isObject()
            ? Optional.of(Mapping.unchecked(top.raw("columns").get(), "columns", problems))
            : Optional.empty();
    if (section.isEmpty()) {
      problems.add(
          "columns",
          top.has("columns") ? "expected a mapping of column names" : "required key is missing");
      return List.of();
    }
    List<ColumnSpec> columns = new ArrayList<>();
    Map<Role, String> attributeRoles = new EnumMap<>(Role.class);
    Iterator<Map.Entry<String, JsonNode>> entries = section.get().entries();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String path = section.get().path(entry.getKey());
      parser
          .parse(entry.getKey(), entry.getValue(), path)
          .ifPresent(
              spec -> {
                columns.add(spec);
                spec.role()
                    .filter(role -> role.attribute().isPresent())
                    .ifPresent(
                        role -> {
                          String previous = attributeRoles.putIfAbsent(role, spec.name());
                          if (previous != null) {
                            problems.add(
                                path + ".role",
                                "role '"
                                    + role.id()
                                    + "' is already given to column '"
                                    + previous
                                    + "' (token attributes need one source column)");
                          }
                        });
              });
    }
    if (columns.isEmpty() && problems.isEmpty()) {
      problems.add("columns", "must name at least one column");
    }
    return columns;
  }
}
