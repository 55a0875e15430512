package org.deid.core.normalize;

import java.util.List;
import java.util.Set;

/**
 * Placeholder values that stand for "no real value" and must never enter a token.
 *
 * <p>Two families: OpenToken's list (compared exactly, ASCII-case-insensitively, on the raw value
 * and on the normalized value, as OpenToken does) and deid-v1's lists (compared on the cleaned name
 * key, i.e. upper-case A-Z with spaces and punctuation removed). The deid-v1 lists only hold
 * whole-value placeholders: {@code DOE} alone is a real surname and stays valid, {@code JOHN DOE}
 * in one field is a placeholder. Immutable and thread-safe.
 */
public final class Placeholders {
  /** OpenToken 1.12's placeholder names, exactly as OpenToken lists them. */
  public static final List<String> OPENTOKEN_NAMES =
      List.of(
          "Unknown",
          "N/A",
          "None",
          "Test",
          "Sample",
          "Donor",
          "Patient",
          "Automation Test",
          "Automationtest",
          "patient not found",
          "patientnotfound",
          "<masked>",
          "Anonymous",
          "zzztrash",
          "Missing",
          "Unavailable",
          "Not Available",
          "NotAvailable");

  /** deid-v1 placeholder keys for first and last names. */
  public static final Set<String> DEID_NAME_KEYS =
      Set.of(
          "UNKNOWN",
          "UNK",
          "UNKN",
          "NONE",
          "NULL",
          "TEST",
          "TESTING",
          "TESTPATIENT",
          "PATIENTTEST",
          "PATIENT",
          "PATIENTNOTFOUND",
          "MISSING",
          "ANONYMOUS",
          "ANON",
          "UNAVAILABLE",
          "NOTAVAILABLE",
          "NOTGIVEN",
          "NOTPROVIDED",
          "NOTSTATED",
          "NONAME",
          "UNNAMED",
          "REDACTED",
          "MASKED",
          "CONFIDENTIAL",
          "SAMPLE",
          "DONOR",
          "AUTOMATIONTEST",
          "ZZZTRASH",
          "DECLINED",
          "REFUSED",
          "TBD",
          "JOHNDOE",
          "JANEDOE",
          "BABYDOE");

  /** deid-v1 placeholder keys that only apply to first names (newborn and unknown-given-name). */
  public static final Set<String> DEID_FIRST_NAME_KEYS =
      Set.of(
          "BABY",
          "BABYBOY",
          "BABYGIRL",
          "BOY",
          "GIRL",
          "INFANT",
          "NEWBORN",
          "FNU",
          "TWIN",
          "TWINA",
          "TWINB");

  /** deid-v1 placeholder keys that only apply to last names (unknown-last-name marker). */
  public static final Set<String> DEID_LAST_NAME_KEYS = Set.of("LNU");

  /** Bit n set when some OpenToken placeholder has n characters: most values skip the loop. */
  private static final long OPENTOKEN_NAME_LENGTHS = lengthMask(OPENTOKEN_NAMES);

  /** OpenToken's placeholder names in ASCII upper case, by length. */
  private static final String[][] OPENTOKEN_UPPER_BY_LENGTH = upperByLength(OPENTOKEN_NAMES);

  private Placeholders() {}

  /**
   * Tells whether a value equals one of OpenToken's placeholder names, ignoring ASCII case (Java's
   * {@code equalsIgnoreCase}, as OpenToken compares), without trimming.
   *
   * @param value the raw or normalized value, never null
   * @return true for a placeholder
   */
  static boolean isOpenTokenPlaceholder(String value) {
    int length = value.length();
    if (length >= Long.SIZE || (OPENTOKEN_NAME_LENGTHS & (1L << length)) == 0) {
      return false;
    }
    if (!Chars.isAscii(value)) {
      // Java's rules: a non-ASCII letter such as U+212A KELVIN SIGN can equal an ASCII one
      // ignoring case.
      for (String placeholder : OPENTOKEN_NAMES) {
        if (placeholder.equalsIgnoreCase(value)) {
          return true;
        }
      }
      return false;
    }
    // Both ASCII: equalsIgnoreCase is ASCII case folding; compare with the upper-case names of
    // the same length only.
    for (String upper : OPENTOKEN_UPPER_BY_LENGTH[length]) {
      if (equalsUpperAscii(upper, value)) {
        return true;
      }
    }
    return false;
  }

  /** {@code upper} is ASCII upper case and as long as {@code value}, which is ASCII. */
  private static boolean equalsUpperAscii(String upper, String value) {
    for (int i = 0; i < upper.length(); i++) {
      if (upper.charAt(i) != Chars.asciiUpper(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String[][] upperByLength(List<String> values) {
    String[][] byLength = new String[Long.SIZE][0];
    for (String value : values) {
      String[] bucket = byLength[value.length()];
      bucket = java.util.Arrays.copyOf(bucket, bucket.length + 1);
      bucket[bucket.length - 1] = value.toUpperCase(java.util.Locale.ROOT);
      byLength[value.length()] = bucket;
    }
    return byLength;
  }

  private static long lengthMask(List<String> values) {
    long mask = 0;
    for (String value : values) {
      if (value.length() >= Long.SIZE || !Chars.isAscii(value)) {
        throw new IllegalStateException("placeholders must be short and ASCII");
      }
      mask |= 1L << value.length();
    }
    return mask;
  }

  /**
   * Tells whether a cleaned deid-v1 name key is a placeholder.
   *
   * @param key upper-case A-Z key of the whole name (spaces and punctuation removed)
   * @param firstName whether the key is a first name (adds the newborn placeholders)
   * @param strippedRaw the raw value without surrounding spaces, to tell {@code N/A} from {@code
   *     Na}
   * @return true for a placeholder
   */
  static boolean isDeidNamePlaceholder(String key, boolean firstName, String strippedRaw) {
    if (DEID_NAME_KEYS.contains(key)) {
      return true;
    }
    // "NA" written with punctuation (N/A, N.A., #N/A) is a placeholder; the bare word Na is a real
    // Korean and Vietnamese surname and given name.
    if (key.equals("NA")) {
      return strippedRaw.length() != 2;
    }
    if (key.length() >= 2 && isAll(key, 'X')) {
      return true;
    }
    if (firstName) {
      return DEID_FIRST_NAME_KEYS.contains(key) || isBabyWithLetter(key);
    }
    return DEID_LAST_NAME_KEYS.contains(key);
  }

  /** BABYA, BABYB, BABYBOYA...: a newborn placeholder followed by a twin letter. */
  private static boolean isBabyWithLetter(String key) {
    int n = key.length();
    return n >= 5
        && key.startsWith("BABY")
        && DEID_FIRST_NAME_KEYS.contains(key.substring(0, n - 1));
  }

  private static boolean isAll(String key, char c) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) != c) {
        return false;
      }
    }
    return true;
  }
}
