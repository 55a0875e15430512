package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.deid.core.normalize.Attribute;

/**
 * A token rule: an id and an ordered list of attribute expressions, parsed once from text such as
 * {@code last_name|first_name[0:1]|sex|birth_date} (grammar in {@code docs/keys-and-tokens.md}).
 *
 * <p>Immutable and thread-safe. {@link #signature(AttributeValues)} is deterministic, uses
 * precompiled parts and one {@code StringBuilder}, and never re-parses text per row; {@link
 * #appendSignature(AttributeValues, StringBuilder)} lets a worker reuse its builder. Two rules are
 * equal when id and expression are equal.
 */
public final class TokenRule {
  private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  private final String id;
  private final String expression;
  private final RulePart[] parts;
  private final Set<Attribute> attributes;
  private final byte[] idUtf8;

  private TokenRule(String id, String expression, List<RulePart> parts) {
    this.id = id;
    this.expression = expression;
    this.parts = parts.toArray(new RulePart[0]);
    // In order of first appearance: OpenToken's invalid-attribute counting depends on it.
    Set<Attribute> used = new LinkedHashSet<>();
    for (RulePart part : parts) {
      used.add(part.attribute());
    }
    this.attributes = Collections.unmodifiableSet(used);
    this.idUtf8 = id.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a rule.
   *
   * @param id rule id, 1 to 32 characters of A-Z, a-z, 0-9, '.', '_', '-' (for example {@code T1})
   * @param expression parts joined by {@code |}
   * @return the compiled rule
   * @throws TokenRuleException naming the rule and column of the first problem
   */
  public static TokenRule parse(String id, String expression) {
    if (id == null || !RULE_ID.matcher(id).matches()) {
      throw new TokenRuleException(
          "rule id must be 1 to 32 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
    if (expression == null) {
      throw new TokenRuleException("rule " + id + ": empty expression at column 1");
    }
    return new TokenRule(id, expression, new TokenRuleParser(id, expression).parse());
  }

  /**
   * Returns the rule id, which is also bound into every digest and site token of the rule.
   *
   * @return for example {@code T1}
   */
  public String id() {
    return id;
  }

  /**
   * Returns the expression as given to {@link #parse(String, String)}.
   *
   * @return the expression text
   */
  public String expression() {
    return expression;
  }

  /**
   * Returns the attributes the rule reads.
   *
   * @return an unmodifiable set
   */
  public Set<Attribute> attributes() {
    return attributes;
  }

  /**
   * Builds the rule's signature: each part's text, joined with {@code |}. The result is PII: keep
   * it in memory only.
   *
   * @param values the row's normalized values
   * @return the signature, or empty when an attribute is absent or a part comes out empty
   */
  public Optional<String> signature(AttributeValues values) {
    StringBuilder out = new StringBuilder(64);
    return appendSignature(values, out) ? Optional.of(out.toString()) : Optional.empty();
  }

  /**
   * Appends the signature to a reusable builder, for callers that avoid allocation.
   *
   * @param values the row's normalized values
   * @param out receives the signature; on {@code false} it holds a partial signature that the
   *     caller must discard
   * @return true when every part was present
   */
  public boolean appendSignature(AttributeValues values, StringBuilder out) {
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('|');
      }
      if (!parts[i].appendTo(values, out)) {
        return false;
      }
    }
    return true;
  }

  /** The id's UTF-8 bytes, shared: callers in this package must not modify them. */
  byte[] idUtf8() {
    return idUtf8;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenRule rule
        && rule.id.equals(id)
        && rule.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + expression.hashCode();
  }

  /** Shows id and expression (configuration, not data). */
  @Override
  public String toString() {
    return "TokenRule[" + id + " = " + expression + "]";
  }
}
