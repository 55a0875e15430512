package org.deid.core.normalize;

/** The two readings of Canadian postal codes: Canada Post's rules (deid-v1) and OpenToken's. */
final class CanadianPostalCodes {
  /** Letters Canada Post never uses in a postal code. */
  private static final String NEVER = "DFIOQU";

  private CanadianPostalCodes() {}

  /** {@code A1A 1A1} or {@code A1A1A1} with Canada Post's letter rules, upper-cased; else null. */
  static String compact(String s) {
    int n = s.length();
    if (n != 6 && !(n == 7 && (s.charAt(3) == ' ' || s.charAt(3) == '-'))) {
      return null;
    }
    char[] out = new char[6];
    for (int i = 0, j = 0; i < n; i++) {
      if (n == 7 && i == 3) {
        continue;
      }
      char c = Chars.asciiUpper(s.charAt(i));
      boolean letterSlot = j % 2 == 0;
      if (letterSlot
          ? c < 'A' || c > 'Z' || NEVER.indexOf(c) >= 0 || (j == 0 && (c == 'W' || c == 'Z'))
          : !Chars.isAsciiDigit(c)) {
        return null;
      }
      out[j++] = c;
    }
    return new String(out);
  }

  /**
   * {@code A1A}, {@code A1A1}, {@code A1A1A} or {@code A1A1A1}, with at most one whitespace between
   * the third and fourth characters, padded to {@code A1A 000}, {@code A1A 1A0}, {@code A1A 1A0}.
   */
  static String openTokenPadded(String s) {
    int n = s.length();
    if (n < 3) {
      return null;
    }
    int rest = n > 3 && Chars.isRegexSpace(s.charAt(3)) ? 4 : 3;
    int restLength = n - rest;
    if (restLength > 3 || (rest == 4 && restLength == 0)) {
      return null;
    }
    char[] out = {' ', ' ', ' ', ' ', '0', 'A', '0'};
    if (!Chars.isAsciiLetter(s.charAt(0))
        || !Chars.isAsciiDigit(s.charAt(1))
        || !Chars.isAsciiLetter(s.charAt(2))) {
      return null;
    }
    out[0] = Chars.asciiUpper(s.charAt(0));
    out[1] = s.charAt(1);
    out[2] = Chars.asciiUpper(s.charAt(2));
    for (int k = 0; k < restLength; k++) {
      char c = s.charAt(rest + k);
      if (k == 1 ? !Chars.isAsciiLetter(c) : !Chars.isAsciiDigit(c)) {
        return null;
      }
      out[4 + k] = Chars.asciiUpper(c);
    }
    if (restLength == 0) {
      out[5] = '0';
    }
    return new String(out);
  }
}
