package org.deid.core.policy;

/**
 * A token rule as written in the policy; the expression is parsed by the token package.
 *
 * @param id the rule id, for example {@code T1} or a custom {@code S1}
 * @param expression the rule expression text, for example {@code
 *     last_name|first_name[0:1]|sex|birth_date}
 */
public record RuleSpec(String id, String expression) {}
