package org.deid.core.normalize;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds names to Latin letters: Unicode decomposition, removal of combining marks and (for deid-v1)
 * transliteration of letters that have no decomposition. ASCII input skips the Unicode work.
 */
final class LatinFolding {
  /**
   * Below U+0300 no character is a combining mark, so the decomposition of a string is the
   * concatenation of its characters' decompositions (canonical reordering only moves marks, which
   * are removed anyway). These tables hold that per-character result, marks removed, so the common
   * Latin-1/Latin Extended case skips java.text.Normalizer.
   */
  private static final int TABLE_END = 0x300;

  private static final String[] NFD_NO_MARKS = table(Normalizer.Form.NFD);
  private static final String[] NFKD_NO_MARKS = table(Normalizer.Form.NFKD);

  private LatinFolding() {}

  private static String[] table(Normalizer.Form form) {
    String[] table = new String[TABLE_END];
    for (int c = 0; c < TABLE_END; c++) {
      table[c] = dropMarks(Normalizer.normalize(String.valueOf((char) c), form));
    }
    return table;
  }

  /** Decomposes with {@code form} and removes combining marks, using the table when it can. */
  private static String decompose(String s, Normalizer.Form form, String[] table) {
    StringBuilder out = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= TABLE_END) {
        return dropMarks(Normalizer.normalize(s, form));
      }
      out.append(table[c]);
    }
    return out.toString();
  }

  private static String dropMarks(String decomposed) {
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      if (!isMark(cp)) {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /**
   * OpenToken's diacritic step: NFD, then delete every code point of category M. Letters without a
   * decomposition (ø, ł, æ, ß, ı) are kept here and deleted later by the A-Z filter, as in
   * OpenToken.
   */
  static String decomposeAndDropMarks(String s) {
    return Chars.isAscii(s) ? s : decompose(s, Normalizer.Form.NFD, NFD_NO_MARKS);
  }

  /**
   * deid-v1's folding: NFKD, combining marks removed, {@link #transliterate} applied, ASCII letters
   * upper-cased, ASCII digits kept, whitespace and the separators {@code , / _} turned into single
   * spaces (no leading or trailing space), every other character deleted.
   */
  static String foldForDeid(String s) {
    if (isAsciiLettersAndDigits(s)) {
      // The common case: nothing to decompose, drop or space out; only upper-casing remains.
      return s.toUpperCase(Locale.ROOT);
    }
    String source = Chars.isAscii(s) ? s : decompose(s, Normalizer.Form.NFKD, NFKD_NO_MARKS);
    StringBuilder out = new StringBuilder(source.length());
    boolean pendingSpace = false;
    for (int i = 0; i < source.length(); ) {
      int cp = source.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        char c = (char) cp;
        if (Chars.isAsciiLetter(c) || Chars.isAsciiDigit(c)) {
          pendingSpace = appendPending(out, pendingSpace);
          out.append(Chars.asciiUpper(c));
        } else if (c == ',' || c == '/' || c == '_' || Chars.isAnySpace(c)) {
          pendingSpace = true;
        }
        continue;
      }
      if (isMark(cp)) {
        continue;
      }
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        pendingSpace = true;
        continue;
      }
      String latin = transliterate(cp);
      if (!latin.isEmpty()) {
        pendingSpace = appendPending(out, pendingSpace);
        out.append(latin);
      }
    }
    return out.toString();
  }

  private static boolean isAsciiLettersAndDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Chars.isAsciiLetter(c) && !Chars.isAsciiDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean appendPending(StringBuilder out, boolean pendingSpace) {
    if (pendingSpace && out.length() > 0) {
      out.append(' ');
    }
    return false;
  }

  /**
   * Upper-case Latin replacement for letters that NFKD does not decompose; empty for everything
   * else (other scripts are not transliterated: see docs/normalization.md).
   */
  static String transliterate(int cp) {
    switch (cp) {
      case 0x00D8:
      case 0x00F8:
        return "O"; // Ø ø
      case 0x0141:
      case 0x0142:
        return "L"; // Ł ł
      case 0x00C6:
      case 0x00E6:
        return "AE"; // Æ æ
      case 0x00DF:
      case 0x1E9E:
        return "SS"; // ß ẞ
      case 0x0110:
      case 0x0111:
        return "D"; // Đ đ
      case 0x00D0:
      case 0x00F0:
        return "D"; // Ð ð
      case 0x00DE:
      case 0x00FE:
        return "TH"; // Þ þ
      case 0x0152:
      case 0x0153:
        return "OE"; // Œ œ
      case 0x0131:
        return "I"; // ı (dotless i)
      case 0x0126:
      case 0x0127:
        return "H"; // Ħ ħ
      case 0x0166:
      case 0x0167:
        return "T"; // Ŧ ŧ
      default:
        return "";
    }
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }
}
