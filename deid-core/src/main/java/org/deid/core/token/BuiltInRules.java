package org.deid.core.token;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rule sets that ship with deid. Immutable and thread-safe.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>id</th><th>expression</th></tr>
 *   <tr><td>T1</td><td>{@code last_name|first_name[0:1]|sex|birth_date}</td></tr>
 *   <tr><td>T2</td><td>{@code last_name|first_name|birth_date|postal_code[0:3]}</td></tr>
 *   <tr><td>T3</td><td>{@code last_name|first_name|sex|birth_date}</td></tr>
 *   <tr><td>T4</td><td>{@code ssn|sex|birth_date}</td></tr>
 *   <tr><td>T5</td><td>{@code last_name|first_name[0:3]|sex}</td></tr>
 *   <tr><td>S1</td><td>{@code soundex(last_name)|soundex(first_name)|birth_date|sex}</td></tr>
 *   <tr><td>S2</td><td>{@code soundex(last_name)|first_name[0:1]|year(birth_date)|sex|postal_code[0:3]}</td></tr>
 * </table>
 *
 * <p>T1-T5 make the same attribute choices as OpenToken; under the {@code opentoken} normalizer
 * they produce OpenToken's signatures exactly. S1-S2 are for fuzzy linkage: they tolerate spelling
 * variants of names (S1) or a changed day of birth (S2) at the price of more false matches.
 */
public final class BuiltInRules {
  private static final List<TokenRule> T_RULES =
      List.of(
          TokenRule.parse("T1", "last_name|first_name[0:1]|sex|birth_date"),
          TokenRule.parse("T2", "last_name|first_name|birth_date|postal_code[0:3]"),
          TokenRule.parse("T3", "last_name|first_name|sex|birth_date"),
          TokenRule.parse("T4", "ssn|sex|birth_date"),
          TokenRule.parse("T5", "last_name|first_name[0:3]|sex"));

  private static final List<TokenRule> SOUNDEX_RULES =
      List.of(
          TokenRule.parse("S1", "soundex(last_name)|soundex(first_name)|birth_date|sex"),
          TokenRule.parse(
              "S2", "soundex(last_name)|first_name[0:1]|year(birth_date)|sex|postal_code[0:3]"));

  private BuiltInRules() {}

  /**
   * Returns deid-v1's rules T1..T5 over deid-v1 normalized values.
   *
   * @return five rules in order
   */
  public static List<TokenRule> deidV1() {
    return T_RULES;
  }

  /**
   * Returns OpenToken's rules T1..T5; the expressions equal {@link #deidV1()}'s because the
   * opentoken normalizer already emits OpenToken's value forms.
   *
   * @return five rules in order
   */
  public static List<TokenRule> openToken() {
    return T_RULES;
  }

  /**
   * Returns the Soundex variant rules S1..S2 for fuzzy linkage.
   *
   * @return two rules in order
   */
  public static List<TokenRule> soundexVariants() {
    return SOUNDEX_RULES;
  }

  /**
   * Looks a built-in rule up by id.
   *
   * @param id for example {@code T1} or {@code S1}; case-sensitive
   * @return the rule, or empty when no built-in rule has that id
   */
  public static Optional<TokenRule> byId(String id) {
    return Stream.concat(T_RULES.stream(), SOUNDEX_RULES.stream())
        .filter(rule -> rule.id().equals(id))
        .findFirst();
  }
}
