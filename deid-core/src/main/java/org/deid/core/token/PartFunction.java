package org.deid.core.token;

import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.codec.language.Metaphone;
import org.apache.commons.codec.language.Soundex;

/**
 * A function a rule part may apply to an attribute value. Each returns null when the value yields
 * nothing usable, which makes the part (and the rule's signature) absent. The commons-codec
 * encoders are stateless after construction, so one shared instance serves every thread.
 */
enum PartFunction {
  /** The value itself. */
  NONE("") {
    @Override
    String apply(String value) {
      return value;
    }
  },
  /** American Soundex (letter + 3 digits) of the value's ASCII letters. */
  SOUNDEX("soundex") {
    @Override
    String apply(String value) {
      String letters = asciiLetters(value);
      return letters.isEmpty() ? null : nonEmpty(SOUNDEX_CODEC.encode(letters));
    }
  },
  /** Metaphone (commons-codec, at most 4 characters) of the value's ASCII letters. */
  METAPHONE("metaphone") {
    @Override
    String apply(String value) {
      String letters = asciiLetters(value);
      return letters.isEmpty() ? null : nonEmpty(METAPHONE_CODEC.metaphone(letters));
    }
  },
  /** Primary Double Metaphone code (commons-codec, at most 4 characters) of the ASCII letters. */
  DMETAPHONE("dmetaphone") {
    @Override
    String apply(String value) {
      String letters = asciiLetters(value);
      return letters.isEmpty() ? null : nonEmpty(DOUBLE_METAPHONE_CODEC.doubleMetaphone(letters));
    }
  },
  /** The four-digit year of a {@code yyyy-MM-dd} date. */
  YEAR("year") {
    @Override
    String apply(String value) {
      if (value.length() < 4) {
        return null;
      }
      for (int i = 0; i < 4; i++) {
        char c = value.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
      }
      return value.substring(0, 4);
    }
  };

  private static final Soundex SOUNDEX_CODEC = Soundex.US_ENGLISH;
  private static final Metaphone METAPHONE_CODEC = new Metaphone();
  private static final DoubleMetaphone DOUBLE_METAPHONE_CODEC = new DoubleMetaphone();

  private final String functionName;

  PartFunction(String functionName) {
    this.functionName = functionName;
  }

  abstract String apply(String value);

  String functionName() {
    return functionName;
  }

  static Optional<PartFunction> byName(String name) {
    for (PartFunction function : values()) {
      if (function != NONE && function.functionName.equals(name)) {
        return Optional.of(function);
      }
    }
    return Optional.empty();
  }

  /**
   * Phonetic codecs are defined over English letters and reject others with messages that quote the
   * character; keeping only A-Z (upper-cased) avoids both problems.
   */
  private static String asciiLetters(String value) {
    StringBuilder letters = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean upper = c >= 'A' && c <= 'Z';
      if (upper && letters == null) {
        continue;
      }
      if (letters == null) {
        letters = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (upper) {
        letters.append(c);
      } else if (c >= 'a' && c <= 'z') {
        letters.append((char) (c - 'a' + 'A'));
      }
    }
    return letters == null ? value : letters.toString();
  }

  private static String nonEmpty(String code) {
    return code == null || code.isEmpty() ? null : code.toUpperCase(Locale.ROOT);
  }
}
