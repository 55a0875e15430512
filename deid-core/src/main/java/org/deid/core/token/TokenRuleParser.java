package org.deid.core.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deid.core.normalize.Attribute;

/**
 * Parses a rule expression into {@link RulePart}s. Grammar (whitespace allowed between tokens):
 *
 * <pre>
 * expression := part ( '|' part )*
 * part       := source slice?
 * source     := attribute | function '(' attribute ')'
 * function   := soundex | metaphone | dmetaphone | year
 * slice      := '[' digits ':' digits ']'        (code points, from &lt; to)
 * </pre>
 */
final class TokenRuleParser {
  private final String ruleId;
  private final String text;
  private int pos;

  TokenRuleParser(String ruleId, String text) {
    this.ruleId = ruleId;
    this.text = text;
  }

  List<RulePart> parse() {
    List<RulePart> parts = new ArrayList<>();
    skipSpaces();
    if (pos == text.length()) {
      throw error("empty expression", 0);
    }
    parts.add(part());
    while (pos < text.length()) {
      expect('|', "'|' or end of expression");
      parts.add(part());
    }
    return List.copyOf(parts);
  }

  private RulePart part() {
    skipSpaces();
    int start = pos;
    String name = identifier("an attribute or function");
    skipSpaces();
    Attribute attribute;
    PartFunction function = PartFunction.NONE;
    if (peek() == '(') {
      function =
          PartFunction.byName(name)
              .orElseThrow(() -> error("unknown function '" + name + "'", start));
      pos++;
      skipSpaces();
      int attributeStart = pos;
      attribute = attribute(identifier("an attribute"), attributeStart);
      skipSpaces();
      expect(')', "')'");
      if (function == PartFunction.YEAR && attribute != Attribute.BIRTH_DATE) {
        throw error("year() takes birth_date", attributeStart);
      }
    } else {
      attribute = attribute(name, start);
    }
    skipSpaces();
    if (peek() != '[') {
      return new RulePart(attribute, function, RulePart.NO_SLICE, RulePart.NO_SLICE);
    }
    int sliceStart = pos;
    pos++;
    int from = number();
    expect(':', "':'");
    int to = number();
    expect(']', "']'");
    if (from >= to) {
      throw error("slice [" + from + ":" + to + "] is empty", sliceStart);
    }
    skipSpaces();
    return new RulePart(attribute, function, from, to);
  }

  private Attribute attribute(String name, int at) {
    return Attribute.fromId(name).orElseThrow(() -> error("unknown attribute '" + name + "'", at));
  }

  private String identifier(String expected) {
    int start = pos;
    while (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error("expected " + expected, start);
    }
    return text.substring(start, pos).toLowerCase(Locale.ROOT);
  }

  private int number() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (start == pos || pos - start > 4) {
      throw error("expected a number from 0 to 9999", start);
    }
    int value = Integer.parseInt(text, start, pos, 10);
    skipSpaces();
    return value;
  }

  private void expect(char wanted, String description) {
    skipSpaces();
    if (peek() != wanted) {
      throw error("expected " + description, pos);
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isIdentifierChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private TokenRuleException error(String problem, int at) {
    return new TokenRuleException("rule " + ruleId + ": " + problem + " at column " + (at + 1));
  }
}
