package org.deid.core.normalize;

import java.util.List;
import java.util.Set;

/**
 * Normalizes US ZIP codes and Canadian postal codes.
 *
 * <p>deid-v1: {@code 12345}, {@code 12345-6789} or 9 digits give the 5-digit ZIP; 3 digits are a
 * ZIP3 kept as 3 digits; Canadian {@code A1A 1A1} / {@code A1A1A1} (letters D F I O Q U never, W Z
 * never first) give {@code A1A1A1}; reserved and placeholder codes are invalid. OpenToken 1.12: 3,
 * 4, 5, 5+4 or 9 digits padded or cut to 5 digits, then Canadian full or partial codes padded to
 * {@code A1A 1A1} (with the space), each with OpenToken's prefix blacklist.
 *
 * <p>Thread-safe, deterministic.
 */
public final class PostalCodeNormalizer implements AttributeNormalizer {
  private static final List<String> OPENTOKEN_US_PREFIXES =
      List.of(
          "11111", "22222", "33333", "66666", "77777", "99999", "01234", "12345", "54321", "98765",
          "000", "555", "888");
  private static final List<String> OPENTOKEN_CA_PREFIXES =
      List.of(
          "A1A 1A1", "X0X 0X0", "Y0Y 0Y0", "Z0Z 0Z0", "A0A 0A0", "B1B 1B1", "C2C 2C2", "K1A", "M7A",
          "H0H");
  private static final Set<String> DEID_RESERVED_ZIPS =
      Set.of(
          "11111", "22222", "33333", "44444", "55555", "66666", "77777", "88888", "99999", "01234",
          "12345", "54321", "98765");
  private static final Set<String> DEID_RESERVED_CANADIAN =
      Set.of("A1A1A1", "A0A0A0", "B1B1B1", "C2C2C2", "X0X0X0", "Y0Y0Y0", "H0H0H0");

  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized FORMAT = Normalized.invalid(InvalidReason.FORMAT);
  private static final Normalized RESERVED = Normalized.invalid(InvalidReason.ZIP_RESERVED);

  private final boolean openToken;
  private final boolean lenient;

  private PostalCodeNormalizer(boolean openToken, boolean lenient) {
    this.openToken = openToken;
    this.lenient = lenient;
  }

  /**
   * Returns the deid-v1 postal code normalizer.
   *
   * @return the normalizer
   */
  public static PostalCodeNormalizer deidV1() {
    return new PostalCodeNormalizer(false, false);
  }

  /**
   * Returns the OpenToken postal code normalizer.
   *
   * @param lenient also ignore surrounding Unicode whitespace (OPENTOKEN_LENIENT)
   * @return the normalizer
   */
  public static PostalCodeNormalizer openToken(boolean lenient) {
    return new PostalCodeNormalizer(true, lenient);
  }

  @Override
  public Attribute attribute() {
    return Attribute.POSTAL_CODE;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    if (openToken) {
      return openTokenCode(lenient ? Chars.strip(raw) : raw);
    }
    return deidCode(Chars.strip(raw));
  }

  private static Normalized deidCode(String s) {
    int n = s.length();
    boolean zipPlus4 =
        n == 10
            && (s.charAt(5) == '-' || s.charAt(5) == ' ')
            && Chars.allDigits(s, 0, 5)
            && Chars.allDigits(s, 6, 10);
    if ((n == 5 || n == 9) && Chars.allDigits(s, 0, n) || zipPlus4) {
      String zip = s.substring(0, 5);
      return zip.startsWith("000") || DEID_RESERVED_ZIPS.contains(zip)
          ? RESERVED
          : Normalized.valid(zip);
    }
    if (n == 3 && Chars.allDigits(s, 0, 3)) {
      return s.equals("000") ? RESERVED : Normalized.valid(s);
    }
    String compact = CanadianPostalCodes.compact(s);
    if (compact == null) {
      return FORMAT;
    }
    return DEID_RESERVED_CANADIAN.contains(compact) ? RESERVED : Normalized.valid(compact);
  }

  /** OpenToken: US first (3, 4, 5, 5-4 or 9 digits), then Canadian; surrounding \s allowed. */
  private static Normalized openTokenCode(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && Chars.isRegexSpace(raw.charAt(start))) {
      start++;
    }
    while (end > start && Chars.isRegexSpace(raw.charAt(end - 1))) {
      end--;
    }
    String s = raw.substring(start, end);
    String zip = openTokenZip(s);
    if (zip != null && !startsWithAny(zip, OPENTOKEN_US_PREFIXES)) {
      return Normalized.valid(zip);
    }
    String canadian = CanadianPostalCodes.openTokenPadded(s);
    if (canadian != null && !startsWithAny(canadian, OPENTOKEN_CA_PREFIXES)) {
      return Normalized.valid(canadian);
    }
    return zip != null || canadian != null ? RESERVED : FORMAT;
  }

  private static String openTokenZip(String s) {
    int n = s.length();
    if (n >= 3 && n <= 5 && Chars.allDigits(s, 0, n)) {
      return n == 5 ? s : n == 4 ? s + "0" : s + "00";
    }
    if ((n == 9 && Chars.allDigits(s, 0, 9))
        || (n == 10
            && s.charAt(5) == '-'
            && Chars.allDigits(s, 0, 5)
            && Chars.allDigits(s, 6, 10))) {
      return s.substring(0, 5);
    }
    return null;
  }

  private static boolean startsWithAny(String value, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (value.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
