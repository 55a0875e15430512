package org.deid.core.normalize;

/** Small character tests shared by the normalizers; char loops instead of regular expressions. */
final class Chars {
  private Chars() {}

  /** Java regex {@code \s} without UNICODE_CHARACTER_CLASS: the six ASCII whitespace chars. */
  static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  static char asciiUpper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }

  /** Whitespace in the broad sense: Java whitespace plus no-break spaces and the BOM. */
  static boolean isAnySpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  /** Removes leading and trailing {@link #isAnySpace} characters. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isAnySpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isAnySpace(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static boolean allDigits(CharSequence s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Parses ASCII digits {@code [from, to)}; the caller has checked they are digits. */
  static int digits(CharSequence s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }

  /** True for a digit string made of one repeated digit, such as {@code 111111111}. */
  static boolean isRepdigit(String digits) {
    for (int i = 1; i < digits.length(); i++) {
      if (digits.charAt(i) != digits.charAt(0)) {
        return false;
      }
    }
    return true;
  }
}
