package org.deid.core.normalize;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A slow, regex-based restatement of OPENTOKEN.md's name, SSN and postal code rules, written the
 * way OpenToken states them (java.util.regex, replaceAll, matches). The production normalizers use
 * char loops; {@link OpenTokenOracleTest} checks that both agree on generated input.
 */
final class OpenTokenRegexOracle {
  private static final List<String> TITLES =
      List.of(
          "mr",
          "mrs",
          "ms",
          "miss",
          "dr",
          "prof",
          "capt",
          "sir",
          "col",
          "gen",
          "cmdr",
          "lt",
          "rabbi",
          "father",
          "brother",
          "sister",
          "hon",
          "honorable",
          "reverend",
          "rev",
          "doctor");
  private static final Pattern TITLE =
      Pattern.compile("(?i)^(?:" + String.join("|", TITLES) + ")\\.?\\s+");
  private static final Pattern SUFFIX =
      Pattern.compile(
          "(?i)\\s+(?:jr\\.?|junior|sr\\.?|senior|i{1,3}|iv|v|vi{0,3}|ix|x|\\d+(?:st|nd|rd|th))$");
  private static final Pattern INITIAL = Pattern.compile("\\s\\S\\.?$");
  private static final Pattern MARKS = Pattern.compile("\\p{M}");
  private static final Pattern NOT_LETTER = Pattern.compile("[^A-Za-z]");
  private static final Pattern LAST_NAME_SHAPE =
      Pattern.compile(
          "^\\s*(?:.{3,}|[^aeiouAEIOU\\s][aeiouAEIOU]|[aeiouAEIOU][^aeiouAEIOU\\s]"
              + "|[aeiouAEIOU]{2}|[Nn][Gg])\\s*$");

  private static final Pattern SSN_SHAPE =
      Pattern.compile("^(?!000|666|9\\d\\d)\\d{3}-?(?!00)\\d{2}-?(?!0000)\\d{4}$");

  private static final Pattern US_SHAPE =
      Pattern.compile("^\\s*(?:\\d{3,5}|\\d{5}-\\d{4}|\\d{9})\\s*$");
  private static final Pattern CA_SHAPE =
      Pattern.compile("^\\s*[A-Za-z]\\d[A-Za-z](?:\\s?\\d(?:[A-Za-z]\\d?)?)?\\s*$");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private OpenTokenRegexOracle() {}

  static Optional<String> name(String raw, boolean firstName) {
    if (Placeholders.isOpenTokenPlaceholder(raw)) {
      return Optional.empty();
    }
    String s = MARKS.matcher(Normalizer.normalize(raw.trim(), Normalizer.Form.NFD)).replaceAll("");
    if (firstName) {
      s = orIfEmpty(TITLE.matcher(s).replaceAll(""), s);
      s = orIfEmpty(SUFFIX.matcher(s).replaceAll(""), s);
      s = INITIAL.matcher(s).replaceAll("");
    } else {
      s = orIfEmpty(SUFFIX.matcher(s).replaceAll(""), s);
      s = SUFFIX.matcher(s).replaceAll("");
    }
    String letters = NOT_LETTER.matcher(s).replaceAll("");
    boolean valid =
        firstName
            ? !letters.trim().isEmpty() && !Placeholders.isOpenTokenPlaceholder(letters)
            : letters.length() != 1
                && !Placeholders.isOpenTokenPlaceholder(letters)
                && LAST_NAME_SHAPE.matcher(letters).matches();
    return valid ? Optional.of(letters.toUpperCase(Locale.ROOT)) : Optional.empty();
  }

  static Optional<String> ssn(String raw) {
    String s = SPACES.matcher(raw.trim()).replaceAll("").replace("-", "");
    int dot = s.indexOf('.');
    if (dot >= 0) {
      s = s.substring(0, dot);
    }
    if (!s.matches("\\d{7,9}")) {
      return Optional.empty();
    }
    String padded = "0".repeat(9 - s.length()) + s;
    String dashed =
        padded.substring(0, 3) + "-" + padded.substring(3, 5) + "-" + padded.substring(5);
    boolean listed = SsnNormalizer.OPENTOKEN_FAKES.contains(padded);
    return !listed && SSN_SHAPE.matcher(dashed).matches() ? Optional.of(padded) : Optional.empty();
  }

  static Optional<String> postalCode(String raw) {
    if (US_SHAPE.matcher(raw).matches()) {
      String s = SPACES.matcher(raw.trim()).replaceAll("");
      String zip = s.length() == 3 ? s + "00" : s.length() == 4 ? s + "0" : s.substring(0, 5);
      if (!startsWithAny(
          zip, "11111", "22222", "33333", "66666", "77777", "99999", "01234", "12345", "54321",
          "98765", "000", "555", "888")) {
        return Optional.of(zip);
      }
    }
    if (CA_SHAPE.matcher(raw).matches()) {
      String s = SPACES.matcher(raw.trim()).replaceAll("").toUpperCase(Locale.ROOT);
      String code =
          s.length() == 3
              ? s + " 000"
              : s.length() == 4
                  ? s.substring(0, 3) + " " + s.substring(3) + "A0"
                  : s.length() == 5
                      ? s.substring(0, 3) + " " + s.substring(3) + "0"
                      : s.substring(0, 3) + " " + s.substring(3);
      if (!startsWithAny(
          code, "A1A 1A1", "X0X 0X0", "Y0Y 0Y0", "Z0Z 0Z0", "A0A 0A0", "B1B 1B1", "C2C 2C2", "K1A",
          "M7A", "H0H")) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  private static String orIfEmpty(String edited, String original) {
    return edited.isEmpty() ? original : edited;
  }

  private static boolean startsWithAny(String value, String... prefixes) {
    for (String prefix : prefixes) {
      if (value.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
