package org.deid.core.normalize;

import java.util.List;

/**
 * The three edits both name profiles apply, written as char loops with the semantics of OpenToken's
 * regular expressions (ASCII-only {@code \s}, ASCII case-insensitive words, Java's {@code $} that
 * also matches before one final line terminator).
 */
final class NameEdits {
  private NameEdits() {}

  /**
   * Removes {@code ^(title)\.?\s+} once when the leading run of ASCII letters is one of {@code
   * titles} (upper-case, compared ASCII-case-insensitively); returns {@code s} unchanged when
   * nothing would remain.
   */
  static String removeLeadingTitle(String s, List<String> titles) {
    int word = 0;
    while (word < s.length() && Chars.isAsciiLetter(s.charAt(word))) {
      word++;
    }
    if (word == 0 || !isOneOf(s, 0, word, titles)) {
      return s;
    }
    int i = word;
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
    }
    int spaces = i;
    while (i < s.length() && Chars.isRegexSpace(s.charAt(i))) {
      i++;
    }
    if (i == spaces || i == s.length()) {
      return s;
    }
    return s.substring(i);
  }

  /**
   * Removes {@code \s+(suffix)$} once, where the suffix is the last whitespace-free token and
   * {@code suffixes} accepts it. The caller decides whether an empty result is kept.
   */
  static String removeTrailingSuffix(String s, SuffixTest suffixes) {
    int end = matchEnd(s);
    int tokenStart = end;
    while (tokenStart > 0 && !Chars.isRegexSpace(s.charAt(tokenStart - 1))) {
      tokenStart--;
    }
    if (tokenStart == 0 || tokenStart == end || !suffixes.test(s, tokenStart, end)) {
      return s;
    }
    int cut = tokenStart - 1;
    while (cut > 0 && Chars.isRegexSpace(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut) + s.substring(end);
  }

  /** Removes {@code \s[^\s]\.?$} once: a trailing middle initial with an optional dot. */
  static String removeTrailingInitial(String s) {
    int end = matchEnd(s);
    if (end >= 2
        && !Chars.isRegexSpace(s.charAt(end - 1))
        && Chars.isRegexSpace(s.charAt(end - 2))) {
      return s.substring(0, end - 2) + s.substring(end);
    }
    if (end >= 3
        && s.charAt(end - 1) == '.'
        && !Chars.isRegexSpace(s.charAt(end - 2))
        && Chars.isRegexSpace(s.charAt(end - 3))) {
      return s.substring(0, end - 3) + s.substring(end);
    }
    return s;
  }

  /** Where Java's {@code $} matches first: before one final line terminator, else at the end. */
  private static int matchEnd(String s) {
    int n = s.length();
    if (n >= 2 && s.charAt(n - 2) == '\r' && s.charAt(n - 1) == '\n') {
      return n - 2;
    }
    if (n >= 1) {
      char last = s.charAt(n - 1);
      if (last == '\n'
          || last == '\r'
          || last == '\u0085'
          || last == '\u2028'
          || last == '\u2029') {
        return n - 1;
      }
    }
    return n;
  }

  /** ASCII-case-insensitive equality of {@code s[from, to)} with one of the upper-case words. */
  static boolean isOneOf(String s, int from, int to, List<String> upperWords) {
    for (String word : upperWords) {
      if (word.length() == to - from && equalsAsciiIgnoreCase(s, from, word)) {
        return true;
      }
    }
    return false;
  }

  /** Unlike String.regionMatches(true, ...) this never folds non-ASCII (ı, ſ, K) to ASCII. */
  private static boolean equalsAsciiIgnoreCase(String s, int from, String upperWord) {
    for (int i = 0; i < upperWord.length(); i++) {
      if (Chars.asciiUpper(s.charAt(from + i)) != upperWord.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Decides whether {@code s[from, to)} is a generational (or professional) suffix. */
  interface SuffixTest {
    boolean test(String s, int from, int to);
  }

  private static final List<String> DEID_EXTRA = List.of("ESQ", "MD", "PHD", "DDS");

  /**
   * OpenToken's suffixes, ASCII case-insensitive: jr, jr., junior, sr, sr., senior, Roman numerals
   * I to X and ordinals (digits followed by st, nd, rd or th).
   */
  static final SuffixTest OPENTOKEN_SUFFIXES = (s, from, to) -> isGenerational(s, from, to, true);

  /** deid-v1's suffixes: dots are already removed; adds ESQ, MD, PHD and DDS. */
  static final SuffixTest DEID_SUFFIXES =
      (s, from, to) -> isGenerational(s, from, to, false) || isOneOf(s, from, to, DEID_EXTRA);

  private static final List<String> WORDS =
      List.of(
          "JR", "JR.", "JUNIOR", "SR", "SR.", "SENIOR", "I", "II", "III", "IV", "V", "VI", "VII",
          "VIII", "IX", "X");

  private static boolean isGenerational(String s, int from, int to, boolean allowDot) {
    if (Chars.isAsciiDigit(s.charAt(from))) {
      return isOrdinal(s, from, to);
    }
    if (!allowDot && s.charAt(to - 1) == '.') {
      return false;
    }
    return isOneOf(s, from, to, WORDS);
  }

  private static boolean isOrdinal(String s, int from, int to) {
    if (to - from < 3 || !Chars.allDigits(s, from, to - 2)) {
      return false;
    }
    char a = Chars.asciiUpper(s.charAt(to - 2));
    char b = Chars.asciiUpper(s.charAt(to - 1));
    return (a == 'S' && b == 'T')
        || (a == 'N' && b == 'D')
        || (a == 'R' && b == 'D')
        || (a == 'T' && b == 'H');
  }
}
