package org.deid.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deid.core.token.TokenRule;

/**
 * The built-in token rule ids a policy may name, with their expression text, taken from {@link
 * org.deid.core.token.BuiltInRules} (the one place the built-in rules are defined).
 */
final class BuiltInRules {
  private BuiltInRules() {}

  static Optional<String> expression(String id) {
    return org.deid.core.token.BuiltInRules.byId(id).map(TokenRule::expression);
  }

  /** The default rules (T1..T5), used when a policy names none. */
  static Iterable<String> ids() {
    List<String> ids = new ArrayList<>();
    org.deid.core.token.BuiltInRules.deidV1().forEach(rule -> ids.add(rule.id()));
    return ids;
  }

  /** Every built-in id a policy may name, for error messages. */
  static List<String> allIds() {
    List<String> ids = new ArrayList<>();
    org.deid.core.token.BuiltInRules.deidV1().forEach(rule -> ids.add(rule.id()));
    org.deid.core.token.BuiltInRules.soundexVariants().forEach(rule -> ids.add(rule.id()));
    return ids;
  }
}
