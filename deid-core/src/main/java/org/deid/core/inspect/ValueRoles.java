package org.deid.core.inspect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Guesses a role from what sample values look like: the share of non-blank values matching each
 * pattern. Only used to profile a sample, never on the hot path, so regular expressions are fine.
 */
final class ValueRoles {
  /** A role whose pattern matched a share of the values, weighted by how specific it is. */
  record Hint(String role, double fraction, double weight) {
    double confidence() {
      return fraction * weight;
    }
  }

  private record Detector(String role, double weight, Predicate<String> test) {}

  private static final Set<String> SEX_VALUES =
      Set.of("m", "f", "male", "female", "u", "unknown", "x", "o", "other");

  private static final List<Detector> DETECTORS =
      List.of(
          detector("ssn", 0.95, "\\d{3}-\\d{2}-\\d{4}"),
          detector("email", 0.95, "[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}"),
          detector("url", 0.95, "(?i)(https?://|www\\.)\\S+"),
          detector("ip_address", 0.9, "(\\d{1,3}\\.){3}\\d{1,3}"),
          detector("phone", 0.85, "(\\+?1[-. ]?)?\\(?\\d{3}\\)?[-. ]\\d{3}[-. ]\\d{4}"),
          detector("postal_code", 0.85, "\\d{5}-\\d{4}|[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d"),
          detector(
              "date",
              0.85,
              "\\d{4}-\\d{2}-\\d{2}([T ].*)?|\\d{1,2}/\\d{1,2}/\\d{2,4}"
                  + "|\\d{1,2}-[A-Za-z]{3}-\\d{2,4}"),
          detector("date", 0.6, "(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])"),
          detector("ssn", 0.5, "\\d{9}"),
          detector("phone", 0.5, "\\d{10}"),
          detector("postal_code", 0.5, "\\d{5}"),
          new Detector("sex", 0.8, v -> SEX_VALUES.contains(v.toLowerCase(Locale.ROOT))),
          new Detector("free_text", 0.7, v -> v.length() > 40 && v.indexOf(' ') >= 0));

  private static Detector detector(String role, double weight, String regex) {
    Pattern pattern = Pattern.compile(regex);
    return new Detector(role, weight, v -> pattern.matcher(v).matches());
  }

  private ValueRoles() {}

  /**
   * @param values non-blank, stripped sample values
   * @return the detector with the highest confidence among those matching at least 80% of the
   *     values, or a {@code none} hint with zero confidence
   */
  static Hint guess(List<String> values) {
    Hint best = new Hint("none", 0, 0);
    if (values.isEmpty()) {
      return best;
    }
    for (Detector detector : DETECTORS) {
      long matches = values.stream().filter(detector.test()).count();
      double fraction = (double) matches / values.size();
      Hint hint = new Hint(detector.role(), fraction, detector.weight());
      if (fraction >= 0.8 && hint.confidence() > best.confidence()) {
        best = hint;
      }
    }
    return best;
  }
}
