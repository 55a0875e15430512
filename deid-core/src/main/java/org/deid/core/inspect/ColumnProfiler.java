package org.deid.core.inspect;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Profiles one column from its sampled values: fill and distinct fractions, dominant shape and a
 * role guessed from the name and the values. When both speak and disagree, a strong value pattern
 * wins: treating a column as more identifying than its name suggests is the safe mistake. A column
 * named as free text (notes, comments...) stays free text whatever its sampled values look like:
 * free text is dropped by Safe Harbor, while a value guess such as {@code sex} (from a few short
 * notes like "x") would keep it.
 */
final class ColumnProfiler {
  private static final double STRONG_VALUES = 0.75;
  private static final String FREE_TEXT = "free_text";

  private ColumnProfiler() {}

  static ColumnProfile profile(String name, List<String> rawValues, int rows) {
    List<String> values = rawValues.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    double filled = rows == 0 ? 0 : (double) values.size() / rows;
    Set<String> distinct = new HashSet<>(values);
    double distinctFraction = values.isEmpty() ? 0 : (double) distinct.size() / values.size();
    Optional<ColumnNameRoles.Hint> byName = ColumnNameRoles.guess(name);
    ValueRoles.Hint byValues = ValueRoles.guess(values);
    String role;
    double confidence;
    if (byName.isPresent()
        && (agree(byName.get().role(), byValues.role())
            || byValues.confidence() < STRONG_VALUES
            || byName.get().role().equals(FREE_TEXT))) {
      role = byName.get().role();
      boolean confirmed = agree(role, byValues.role()) && byValues.confidence() > 0;
      confidence = Math.min(1.0, byName.get().confidence() + (confirmed ? 0.1 : 0));
    } else if (byValues.confidence() > 0) {
      role = byValues.role();
      confidence = byValues.confidence();
    } else {
      role = "none";
      confidence = 0;
    }
    return new ColumnProfile(
        name,
        role,
        round(confidence),
        round(filled),
        round(distinctFraction),
        dominantShape(values));
  }

  private static boolean agree(String nameRole, String valueRole) {
    return nameRole.equals(valueRole)
        || (nameRole.equals("birth_date") && valueRole.equals("date"))
        || (nameRole.equals("fax") && valueRole.equals("phone"));
  }

  private static String dominantShape(List<String> values) {
    if (values.isEmpty()) {
      return "";
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String value : values) {
      counts.merge(ValueShape.of(value), 1, Integer::sum);
    }
    Map.Entry<String, Integer> top =
        counts.entrySet().stream()
            .max(
                Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey()))
            .orElseThrow();
    return top.getValue() * 2 >= values.size() ? top.getKey() : "mixed";
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
