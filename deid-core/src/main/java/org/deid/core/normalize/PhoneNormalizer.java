package org.deid.core.normalize;

/**
 * Normalizes North American (NANP) telephone numbers to 10 digits.
 *
 * <p>Punctuation {@code ( ) - . /} and spaces are removed; an optional leading {@code +1} or {@code
 * 1} is dropped; a trailing extension ({@code x123}, {@code ext. 123}, {@code extension 123},
 * {@code #123}) is removed. The 10 digits must have an area code and an exchange starting with 2-9
 * that are not N11 service codes, must not be in the fictional range 555-0100..555-0199, and must
 * not be one repeated digit. Any letter (other than the extension marker) or a non-NANP country
 * code is {@code format}. The same rules apply to every profile (OpenToken has no phone attribute).
 *
 * <p>Thread-safe, deterministic.
 */
public final class PhoneNormalizer implements AttributeNormalizer {
  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized FORMAT = Normalized.invalid(InvalidReason.FORMAT);
  private static final Normalized AREA = Normalized.invalid(InvalidReason.PHONE_AREA);
  private static final Normalized EXCHANGE = Normalized.invalid(InvalidReason.PHONE_EXCHANGE);
  private static final Normalized FICTIONAL = Normalized.invalid(InvalidReason.PHONE_FICTIONAL);
  private static final Normalized PLACEHOLDER = Normalized.invalid(InvalidReason.PLACEHOLDER);

  /** Creates the normalizer; it has no options. */
  public PhoneNormalizer() {}

  @Override
  public Attribute attribute() {
    return Attribute.PHONE;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    String s = Chars.strip(raw);
    int end = extensionStart(s);
    if (end < 0) {
      return FORMAT;
    }
    char[] digits = new char[11];
    int count = 0;
    boolean plus = false;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (Chars.isAsciiDigit(c)) {
        if (count == 11) {
          return FORMAT;
        }
        digits[count++] = c;
      } else if (c == '+' && count == 0 && !plus) {
        plus = true;
      } else if (!(c == '('
          || c == ')'
          || c == '-'
          || c == '.'
          || c == '/'
          || Chars.isAnySpace(c))) {
        return FORMAT;
      }
    }
    int from = 0;
    if (count == 11 && digits[0] == '1') {
      from = 1;
    } else if (count != 10 || plus) {
      return FORMAT;
    }
    String number = new String(digits, from, 10);
    return check(number);
  }

  private static Normalized check(String number) {
    if (number.charAt(0) < '2' || isN11(number, 0)) {
      return AREA;
    }
    if (number.charAt(3) < '2' || isN11(number, 3)) {
      return EXCHANGE;
    }
    if (number.startsWith("55501", 3)) {
      return FICTIONAL;
    }
    if (Chars.isRepdigit(number)) {
      return PLACEHOLDER;
    }
    return Normalized.valid(number);
  }

  private static boolean isN11(String number, int at) {
    return number.charAt(at + 1) == '1' && number.charAt(at + 2) == '1';
  }

  /**
   * Index where a trailing extension starts (the number ends there), the length when there is none,
   * or -1 when a letter appears that does not start a valid extension.
   */
  private static int extensionStart(String s) {
    int marker = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Chars.isAsciiLetter(c) || c == '#' || c == ';' || c == ',') {
        marker = i;
        break;
      }
    }
    if (marker < 0) {
      return s.length();
    }
    int i = marker;
    String lower = s.substring(marker).toLowerCase(java.util.Locale.ROOT);
    int skip =
        lower.startsWith("extension")
            ? 9
            : lower.startsWith(";ext=")
                ? 5
                : lower.startsWith("ext")
                    ? 3
                    : lower.startsWith("x") || lower.startsWith("#") ? 1 : -1;
    if (skip < 0) {
      return -1;
    }
    i += skip;
    while (i < s.length()
        && (s.charAt(i) == '.' || s.charAt(i) == ':' || Chars.isAnySpace(s.charAt(i)))) {
      i++;
    }
    return Chars.allDigits(s, i, s.length()) && s.length() - i <= 8 ? marker : -1;
  }
}
