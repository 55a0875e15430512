package org.deid.core.inspect;

/**
 * Abstract shape of a value: each digit becomes {@code d}, each run of letters one {@code a},
 * whitespace runs one space, other characters stay. Letter runs collapse so the shape of a name or
 * a word reveals nothing but its kind; digit counts stay because they define formats such as {@code
 * ddd-dd-dddd}. Capped at 24 characters ({@code …} marks a cut).
 */
final class ValueShape {
  private static final int MAX = 24;

  private ValueShape() {}

  static String of(String value) {
    StringBuilder shape = new StringBuilder(Math.min(value.length(), MAX + 1));
    char last = 0;
    int i = 0;
    for (; i < value.length() && shape.length() < MAX; i++) {
      char c = value.charAt(i);
      char s =
          Character.isDigit(c)
              ? 'd'
              : Character.isLetter(c) ? 'a' : Character.isWhitespace(c) ? ' ' : c;
      if ((s == 'a' || s == ' ') && last == s) {
        continue;
      }
      shape.append(s);
      last = s;
    }
    if (i < value.length()) {
      shape.append('…');
    }
    return shape.toString();
  }
}
