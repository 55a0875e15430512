package org.deid.core.token;

import org.deid.core.normalize.Attribute;

/**
 * One compiled part of a token rule: an attribute, an optional function and an optional code-point
 * slice {@code [from:to]} (clipped to the value's length). Immutable and thread-safe.
 */
final class RulePart {
  static final int NO_SLICE = -1;

  private final Attribute attribute;
  private final PartFunction function;
  private final int from;
  private final int to;

  RulePart(Attribute attribute, PartFunction function, int from, int to) {
    this.attribute = attribute;
    this.function = function;
    this.from = from;
    this.to = to;
  }

  Attribute attribute() {
    return attribute;
  }

  /**
   * Appends this part's text.
   *
   * @return false when the attribute is absent or the part comes out empty
   */
  boolean appendTo(AttributeValues values, StringBuilder out) {
    String value = values.valueOrNull(attribute);
    if (value == null) {
      return false;
    }
    String derived = function.apply(value);
    if (derived == null) {
      return false;
    }
    if (from == NO_SLICE) {
      out.append(derived);
      return true;
    }
    return appendSlice(derived, out);
  }

  private boolean appendSlice(String value, StringBuilder out) {
    int codePoints = value.codePointCount(0, value.length());
    int begin = Math.min(from, codePoints);
    int end = Math.min(to, codePoints);
    if (begin >= end) {
      return false;
    }
    if (codePoints == value.length()) {
      // No surrogate pairs: code point indexes are char indexes (skips a char-by-char walk).
      out.append(value, begin, end);
      return true;
    }
    int beginIndex = value.offsetByCodePoints(0, begin);
    int endIndex = value.offsetByCodePoints(beginIndex, end - begin);
    out.append(value, beginIndex, endIndex);
    return true;
  }
}
