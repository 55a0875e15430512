package org.deid.core.transform;

/** Recognizes plain decimal numbers without regular expressions or exceptions. */
final class PlainNumber {
  private PlainNumber() {}

  /**
   * Tells whether {@code s} is {@code [+-]digits[.digits]} or {@code [+-].digits} (no exponent, no
   * grouping, no NaN or infinity), so that {@link Double#parseDouble} cannot fail on it.
   */
  static boolean isPlain(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    boolean dot = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digits > 0 && !(dot && s.charAt(n - 1) == '.');
  }
}
