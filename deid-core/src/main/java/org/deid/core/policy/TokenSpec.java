package org.deid.core.policy;

import java.util.List;

/**
 * The tokens a policy asks for.
 *
 * @param profile the token profile, for example {@code deid-v1}
 * @param rules built-in rules resolved to their expressions, then custom rules as given; ids unique
 * @param columnPrefix prefix of token output column names (prefix + rule id)
 */
public record TokenSpec(String profile, List<RuleSpec> rules, String columnPrefix) {
  /**
   * Copies the rule list so the spec is immutable.
   *
   * @param profile the token profile
   * @param rules the rules
   * @param columnPrefix the output column prefix
   */
  public TokenSpec {
    rules = List.copyOf(rules);
  }
}
