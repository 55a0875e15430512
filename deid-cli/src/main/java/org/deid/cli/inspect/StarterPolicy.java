package org.deid.cli.inspect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deid.core.inspect.ColumnProfile;
import org.deid.core.inspect.InspectionResult;
import org.deid.core.normalize.Attribute;
import org.deid.core.record.Kind;
import org.deid.core.token.BuiltInRules;
import org.deid.core.token.TokenRule;

/**
 * Writes a starter Safe Harbor policy (YAML) from an inspection: the sniffed input format, one
 * entry per column with its guessed role, and the built-in token rules whose attributes all appear.
 * Columns without a guessed role are dropped until reviewed. Every guess is marked for review; the
 * policy never contains a data value.
 */
final class StarterPolicy {
  private StarterPolicy() {}

  /**
   * Renders the starter policy.
   *
   * @param result the inspection
   * @param name the policy name
   * @param referenceDate the reference date to propose (the user sets the release date)
   * @return the YAML text
   */
  static String render(InspectionResult result, String name, LocalDate referenceDate) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Starter policy written by 'deid inspect' for ")
        .append(result.sourceName())
        .append(".\n");
    yaml.append(
        "# Review every line before use: roles are guesses from column names and value shapes.\n");
    yaml.append("deid_policy: 1\n");
    yaml.append("name: ").append(quote(name)).append('\n');
    yaml.append("version: 1\n");
    yaml.append("method: safe-harbor\n");
    yaml.append("preset: safe-harbor\n");
    yaml.append("reference_date: ")
        .append(referenceDate)
        .append("   # as-of date for ages and the 90+ cap; set it to your release date\n");
    yaml.append("input:\n");
    yaml.append("  format: ").append(format(result)).append('\n');
    if (result.kind() == Kind.DELIMITED && !List.of(',', '\t', '|').contains(result.delimiter())) {
      yaml.append("  delimiter: ").append(quote(String.valueOf(result.delimiter()))).append('\n');
    }
    if (result.kind() == Kind.DELIMITED) {
      yaml.append("  header: ").append(result.header()).append('\n');
    }
    yaml.append("  encoding: ").append(result.charset().name()).append('\n');
    if (result.leadingSpaces()) {
      yaml.append("  trim: true\n");
    }
    yaml.append("  malformed_rows: reject\n");
    yaml.append("unmapped_columns: refuse\n");
    Set<Attribute> present = EnumSet.noneOf(Attribute.class);
    for (ColumnProfile profile : result.profiles()) {
      Attribute.fromId(profile.guessedRole()).ifPresent(present::add);
    }
    List<String> rules = new ArrayList<>();
    for (TokenRule rule : BuiltInRules.deidV1()) {
      if (present.containsAll(rule.attributes())) {
        rules.add(rule.id());
      }
    }
    yaml.append("tokens:\n  profile: deid-v1\n  rules: [")
        .append(String.join(", ", rules))
        .append("]\n");
    yaml.append("  column_prefix: token_\n");
    yaml.append("columns:\n");
    for (ColumnProfile profile : result.profiles()) {
      yaml.append("  ").append(quote(profile.name())).append(": ");
      if (profile.guessedRole().equals("none")) {
        // Over-identifying is the safe mistake: a column nothing was recognised in stays out of
        // the output until someone says it is not an identifier.
        yaml.append(
            "drop   # REVIEW: no identifying name or shape found; change to keep if it is not an"
                + " identifier\n");
      } else {
        yaml.append("{role: ")
            .append(profile.guessedRole())
            .append("}   # REVIEW: guessed, confidence ")
            .append(String.format(Locale.ROOT, "%.2f", profile.confidence()))
            .append('\n');
      }
    }
    return yaml.toString();
  }

  private static String format(InspectionResult result) {
    if (result.kind() == Kind.NDJSON) {
      return "ndjson";
    }
    return switch (result.delimiter()) {
      case '\t' -> "tsv";
      case '|' -> "psv";
      default -> "csv";
    };
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\t' -> quoted.append("\\t");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
