package org.deid.core.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes first and last names to upper-case A-Z.
 *
 * <p>One algorithm, two option sets. deid-v1: NFKD, marks removed, transliteration (ø to O, ß to
 * SS...), titles and suffixes removed repeatedly, punctuation and spaces removed, deid placeholder
 * lists. OpenToken: exactly OpenToken 1.12 (NFD, one title, suffix once on first names and twice on
 * last names, letters without decomposition deleted, OpenToken's placeholder list and two-letter
 * last-name rule). Rules and examples: {@code docs/normalization.md}.
 *
 * <p>Thread-safe, deterministic, no allocation beyond the result for ASCII input without edits;
 * invalid values are reported with an {@link InvalidReason} code, never repaired.
 */
public final class NameNormalizer implements AttributeNormalizer {
  private static final List<String> OPENTOKEN_TITLES =
      List.of(
          "MR",
          "MRS",
          "MS",
          "MISS",
          "DR",
          "PROF",
          "CAPT",
          "SIR",
          "COL",
          "GEN",
          "CMDR",
          "LT",
          "RABBI",
          "FATHER",
          "BROTHER",
          "SISTER",
          "HON",
          "HONORABLE",
          "REVEREND",
          "REV",
          "DOCTOR");
  private static final List<String> DEID_TITLES = deidTitles();

  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized PLACEHOLDER = Normalized.invalid(InvalidReason.PLACEHOLDER);
  private static final Normalized NO_LETTERS = Normalized.invalid(InvalidReason.NO_LETTERS);
  private static final Normalized TOO_SHORT = Normalized.invalid(InvalidReason.TOO_SHORT);

  private final Attribute attribute;
  private final boolean firstName;
  private final boolean openToken;

  private NameNormalizer(Attribute attribute, boolean openToken) {
    if (attribute != Attribute.FIRST_NAME && attribute != Attribute.LAST_NAME) {
      throw new IllegalArgumentException("not a name attribute: " + attribute.id());
    }
    this.attribute = attribute;
    this.firstName = attribute == Attribute.FIRST_NAME;
    this.openToken = openToken;
  }

  /**
   * Returns the deid-v1 name normalizer.
   *
   * @param attribute {@link Attribute#FIRST_NAME} or {@link Attribute#LAST_NAME}
   * @return the normalizer
   * @throws IllegalArgumentException for any other attribute
   */
  public static NameNormalizer deidV1(Attribute attribute) {
    return new NameNormalizer(attribute, false);
  }

  /**
   * Returns the OpenToken 1.12 name normalizer (also used by OPENTOKEN_LENIENT: OpenToken already
   * trims names, and stripping other Unicode spaces could change values OpenToken accepts).
   *
   * @param attribute {@link Attribute#FIRST_NAME} or {@link Attribute#LAST_NAME}
   * @return the normalizer
   * @throws IllegalArgumentException for any other attribute
   */
  public static NameNormalizer openToken(Attribute attribute) {
    return new NameNormalizer(attribute, true);
  }

  @Override
  public Attribute attribute() {
    return attribute;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    return openToken ? openToken(raw) : deid(raw);
  }

  private Normalized deid(String raw) {
    String stripped = Chars.strip(raw);
    if (stripped.isEmpty()) {
      return MISSING;
    }
    String folded = LatinFolding.foldForDeid(stripped);
    String s = folded;
    if (firstName) {
      // The edit methods return the same instance when they change nothing.
      for (String t = NameEdits.removeLeadingTitle(s, DEID_TITLES); t != s; ) {
        s = t;
        t = NameEdits.removeLeadingTitle(s, DEID_TITLES);
      }
    }
    for (String t = NameEdits.removeTrailingSuffix(s, NameEdits.DEID_SUFFIXES);
        t != s && !t.isEmpty(); ) {
      s = t;
      t = NameEdits.removeTrailingSuffix(s, NameEdits.DEID_SUFFIXES);
    }
    if (firstName) {
      s = NameEdits.removeTrailingInitial(s);
    }
    String key = lettersOnly(s);
    // Placeholders are checked before and after the edits: "N/A" must not lose its "A" as an
    // initial, and "Unknown Jr" must not survive as UNKNOWN.
    if ((s != folded && isDeidPlaceholder(lettersOnly(folded), stripped))
        || isDeidPlaceholder(key, stripped)) {
      return PLACEHOLDER;
    }
    if (key.isEmpty()) {
      return NO_LETTERS;
    }
    if (!firstName && key.length() == 1) {
      return TOO_SHORT;
    }
    return Normalized.valid(key);
  }

  private boolean isDeidPlaceholder(String key, String stripped) {
    return !key.isEmpty() && Placeholders.isDeidNamePlaceholder(key, firstName, stripped);
  }

  private Normalized openToken(String raw) {
    if (Placeholders.isOpenTokenPlaceholder(raw)) {
      return PLACEHOLDER;
    }
    String s = LatinFolding.decomposeAndDropMarks(raw.trim());
    if (firstName) {
      s = NameEdits.removeLeadingTitle(s, OPENTOKEN_TITLES);
      String t = NameEdits.removeTrailingSuffix(s, NameEdits.OPENTOKEN_SUFFIXES);
      s = t.isEmpty() ? s : t;
      s = NameEdits.removeTrailingInitial(s);
    } else {
      String t = NameEdits.removeTrailingSuffix(s, NameEdits.OPENTOKEN_SUFFIXES);
      s = t.isEmpty() ? s : t;
      // OpenToken applies the suffix pattern a second time, unconditionally.
      s = NameEdits.removeTrailingSuffix(s, NameEdits.OPENTOKEN_SUFFIXES);
    }
    String letters = lettersOnly(s);
    if (!firstName && letters.length() == 1) {
      return TOO_SHORT;
    }
    if (letters.isEmpty()) {
      return NO_LETTERS;
    }
    if (Placeholders.isOpenTokenPlaceholder(letters)) {
      return PLACEHOLDER;
    }
    if (!firstName && letters.length() == 2 && !isValidTwoLetterLastName(letters)) {
      return TOO_SHORT;
    }
    return Normalized.valid(upperAscii(letters));
  }

  /** OpenToken: a two-letter last name needs a vowel (a, e, i, o, u) or is "Ng". */
  private static boolean isValidTwoLetterLastName(String letters) {
    char a = Chars.asciiUpper(letters.charAt(0));
    char b = Chars.asciiUpper(letters.charAt(1));
    return isVowel(a) || isVowel(b) || (a == 'N' && b == 'G');
  }

  private static boolean isVowel(char c) {
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
  }

  /** Keeps ASCII letters only, in their case. */
  private static String lettersOnly(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = Chars.isAsciiLetter(c);
      if (out == null) {
        if (letter) {
          continue;
        }
        out = new StringBuilder(s.length()).append(s, 0, i);
      } else if (letter) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static String upperAscii(String letters) {
    for (int i = 0; i < letters.length(); i++) {
      char c = letters.charAt(i);
      if (c >= 'a' && c <= 'z') {
        char[] chars = letters.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = Chars.asciiUpper(chars[j]);
        }
        return new String(chars);
      }
    }
    return letters;
  }

  private static List<String> deidTitles() {
    List<String> titles = new ArrayList<>(OPENTOKEN_TITLES);
    titles.addAll(
        List.of(
            "MX", "FR", "PASTOR", "MAJ", "SGT", "DAME", "MME", "MLLE", "MASTER", "REVD", "ELDER"));
    return List.copyOf(titles);
  }
}
