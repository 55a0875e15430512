package org.deid.core.normalize;

import java.util.Set;

/**
 * Normalizes US Social Security numbers to 9 digits.
 *
 * <p>deid-v1: spaces, dashes and dots removed; exactly 9 digits (never padded); area 000, 666 and
 * 900-999, group 00, serial 0000 and known fake numbers rejected. OpenToken 1.12: ASCII whitespace
 * and dashes removed, cut at the first {@code .} (so {@code 452387291.0} is accepted), 7 to 9
 * digits left-padded with zeros, the same area/group/serial checks and OpenToken's list of fake
 * numbers; the lenient variant also ignores surrounding Unicode whitespace.
 *
 * <p>Thread-safe, deterministic.
 */
public final class SsnNormalizer implements AttributeNormalizer {
  /** OpenToken 1.12's list of invalid SSNs, as 9 digits. */
  static final Set<String> OPENTOKEN_FAKES =
      Set.of(
          "111111111",
          "222222222",
          "333333333",
          "444444444",
          "555555555",
          "777777777",
          "888888888",
          "001234567",
          "009999999",
          "010101010",
          "012345678",
          "087654321",
          "098765432",
          "099999999",
          "111223333",
          "121212121",
          "123456789",
          "123459999");

  /** deid-v1 additions: the Woolworth wallet card, the 1964 Social Security card ad, and others. */
  private static final Set<String> DEID_EXTRA_FAKES = Set.of("078051120", "219099999");

  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized FORMAT = Normalized.invalid(InvalidReason.FORMAT);
  private static final Normalized AREA = Normalized.invalid(InvalidReason.SSN_AREA);
  private static final Normalized GROUP = Normalized.invalid(InvalidReason.SSN_GROUP);
  private static final Normalized SERIAL = Normalized.invalid(InvalidReason.SSN_SERIAL);
  private static final Normalized FAKE = Normalized.invalid(InvalidReason.SSN_KNOWN_FAKE);

  private final boolean openToken;
  private final boolean lenient;

  private SsnNormalizer(boolean openToken, boolean lenient) {
    this.openToken = openToken;
    this.lenient = lenient;
  }

  /**
   * Returns the deid-v1 SSN normalizer.
   *
   * @return the normalizer
   */
  public static SsnNormalizer deidV1() {
    return new SsnNormalizer(false, false);
  }

  /**
   * Returns the OpenToken SSN normalizer.
   *
   * @param lenient also ignore surrounding Unicode whitespace (OPENTOKEN_LENIENT)
   * @return the normalizer
   */
  public static SsnNormalizer openToken(boolean lenient) {
    return new SsnNormalizer(true, lenient);
  }

  @Override
  public Attribute attribute() {
    return Attribute.SSN;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    String digits = openToken ? openTokenDigits(lenient ? Chars.strip(raw) : raw) : deidDigits(raw);
    if (digits == null) {
      return FORMAT;
    }
    int area = Chars.digits(digits, 0, 3);
    if (area == 0 || area == 666 || area >= 900) {
      return AREA;
    }
    if (digits.startsWith("00", 3)) {
      return GROUP;
    }
    if (digits.startsWith("0000", 5)) {
      return SERIAL;
    }
    if (OPENTOKEN_FAKES.contains(digits)
        || (!openToken && (Chars.isRepdigit(digits) || DEID_EXTRA_FAKES.contains(digits)))) {
      return FAKE;
    }
    return Normalized.valid(digits);
  }

  /** deid-v1: drop spaces, dashes and dots; exactly nine ASCII digits must remain. */
  private static String deidDigits(String raw) {
    char[] out = new char[9];
    int count = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Chars.isAsciiDigit(c)) {
        if (count == 9) {
          return null;
        }
        out[count++] = c;
      } else if (!(c == '-' || c == '.' || Chars.isAnySpace(c))) {
        return null;
      }
    }
    return count == 9 ? new String(out) : null;
  }

  /**
   * OpenToken: Java-trim, remove ASCII whitespace and dashes, cut at the first dot, then 7 to 9
   * digits are left-padded to 9.
   */
  private static String openTokenDigits(String raw) {
    String s = raw.trim();
    char[] out = new char[9];
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        break;
      }
      if (c == '-' || Chars.isRegexSpace(c)) {
        continue;
      }
      if (!Chars.isAsciiDigit(c) || count == 9) {
        return null;
      }
      out[count++] = c;
    }
    if (count < 7) {
      return null;
    }
    int pad = 9 - count;
    System.arraycopy(out, 0, out, pad, count);
    for (int i = 0; i < pad; i++) {
      out[i] = '0';
    }
    return new String(out);
  }
}
