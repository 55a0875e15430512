package org.deid.core.testing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded source of hostile test inputs for property tests: the same seed always gives the same
 * sequence of values, on every JVM and platform. Not thread-safe: use one instance per case.
 */
public final class RandomInputs {
  /** Invisible, line-breaking or otherwise surprising whitespace and format characters. */
  private static final String ODD_SPACES =
      "\t\n\r\u000b\u000c\u0085\u00a0\u1680\u2000\u2007\u200b\u200e\u200f\u2028\u2029\u202e"
          + "\u202f\u205f\u3000\ufeff";

  /** Delimiters, quotes and line breaks that CSV, TSV, PSV and NDJSON writers must escape. */
  private static final String CSV_SPECIALS = ",\t|;\"' \r\n\\{}[]:\u00a0\ufeff\u2028";

  private final SplittableRandom random;
  private final long seed;

  private RandomInputs(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /**
   * @param seed the seed; equal seeds give equal sequences of values
   * @return a new source
   */
  public static RandomInputs seeded(long seed) {
    return new RandomInputs(seed);
  }

  /**
   * @return the seed this source was created with, to replay a failing case
   */
  public long seed() {
    return seed;
  }

  /**
   * @return any long value
   */
  public long anyLong() {
    return random.nextLong();
  }

  /**
   * @param min the smallest value, inclusive
   * @param max the largest value, inclusive; at least {@code min}
   * @return a uniformly chosen int in {@code [min, max]}
   */
  public int intBetween(int min, int max) {
    return (int) (min + random.nextLong((long) max - min + 1));
  }

  /**
   * @param probability the chance of {@code true}, between 0 and 1
   * @return true with that probability
   */
  public boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /**
   * @param values the values to choose from; not empty
   * @param <T> the value type
   * @return one of them, uniformly chosen
   */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * @param values the values to choose from; not empty
   * @param <T> the value type
   * @return one of them, uniformly chosen
   */
  public <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /**
   * @param length the number of bytes
   * @return that many random bytes; one in ten times all 0x00 or all 0xFF
   */
  public byte[] bytes(int length) {
    byte[] result = new byte[length];
    int pick = random.nextInt(20);
    if (pick == 0 || pick == 1) {
      java.util.Arrays.fill(result, pick == 0 ? (byte) 0 : (byte) 0xFF);
    } else {
      random.nextBytes(result);
    }
    return result;
  }

  /**
   * @param from the earliest date, inclusive
   * @param to the latest date, inclusive; not before {@code from}
   * @return a uniformly chosen date in that range
   */
  public LocalDate dateBetween(LocalDate from, LocalDate to) {
    long days = to.toEpochDay() - from.toEpochDay();
    return LocalDate.ofEpochDay(from.toEpochDay() + random.nextLong(days + 1));
  }

  /**
   * @param count the number of digits
   * @return that many ASCII digits, leading zeros allowed
   */
  public String digits(int count) {
    StringBuilder text = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    return text.toString();
  }

  /**
   * A length for a generated string: biased towards the edges 0, 1 and {@code maxLength}.
   *
   * @param maxLength the largest length
   * @return a length in {@code [0, maxLength]}
   */
  public int length(int maxLength) {
    int pick = random.nextInt(20);
    if (pick == 0) {
      return 0;
    }
    if (pick == 1) {
      return Math.min(1, maxLength);
    }
    if (pick == 2) {
      return maxLength;
    }
    return random.nextInt(maxLength + 1);
  }

  /**
   * @param maxLength the largest length, in UTF-16 chars
   * @return a string of characters 0x00 to 0x7F, control characters included
   */
  public String asciiString(int maxLength) {
    return stringOf(
        0,
        maxLength,
        () -> (char) (chance(0.1) ? random.nextInt(0x20) : 0x20 + random.nextInt(0x60)));
  }

  /**
   * @param alphabet the characters to use; not empty
   * @param minLength the smallest length
   * @param maxLength the largest length
   * @return a string of characters from the alphabet only
   */
  public String stringOf(String alphabet, int minLength, int maxLength) {
    return stringOf(minLength, maxLength, () -> alphabet.charAt(random.nextInt(alphabet.length())));
  }

  /**
   * Any UTF-16 text, weighted towards what breaks text handling: ASCII, control characters (C0,
   * DEL, C1), odd whitespace and bidi controls, combining marks, Latin with diacritics, Greek,
   * Cyrillic, Hebrew and Arabic (right to left), non-ASCII digits, fullwidth forms, CJK, astral
   * characters as surrogate pairs, unpaired high and low surrogates, U+FFFD, noncharacters and
   * uniformly chosen BMP characters.
   *
   * @param maxLength the largest length, in UTF-16 chars
   * @return such a string; possibly not well-formed UTF-16
   */
  public String unicodeString(int maxLength) {
    int length = length(maxLength);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      int codePoint = unicodeCodePoint();
      if (Character.charCount(codePoint) > length - text.length()) {
        continue;
      }
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  /**
   * @return a code point from one of the groups {@link #unicodeString} documents
   */
  private int unicodeCodePoint() {
    switch (random.nextInt(16)) {
      case 0:
      case 1:
      case 2:
        return 0x20 + random.nextInt(0x5f);
      case 3:
        return oneOf(0x00, 0x7f, 0x80 + random.nextInt(0x20), random.nextInt(0x20));
      case 4:
        return ODD_SPACES.charAt(random.nextInt(ODD_SPACES.length()));
      case 5:
        return 0x300 + random.nextInt(0x70);
      case 6:
        return 0xc0 + random.nextInt(0x1c0);
      case 7:
        return oneOf(0x391 + random.nextInt(0x38), 0x410 + random.nextInt(0x40));
      case 8:
        return oneOf(0x5d0 + random.nextInt(0x1b), 0x627 + random.nextInt(0x24));
      case 9:
        return oneOf(0x660, 0x6f0, 0x966, 0xff10, 0x1d7ce) + random.nextInt(10);
      case 10:
        return 0xff01 + random.nextInt(0x5e);
      case 11:
        return 0x4e00 + random.nextInt(0x5200);
      case 12:
        return 0x10000 + random.nextInt(0x100000);
      case 13:
        return oneOf(0xd800 + random.nextInt(0x400), 0xdc00 + random.nextInt(0x400));
      case 14:
        return oneOf(0xfffd, 0xfffe, 0xffff, 0xfdd0, 0x1f600 + random.nextInt(0x50));
      default:
        return random.nextInt(0x10000);
    }
  }

  /**
   * A CSV-hostile field: delimiters, quotes, CR, LF, spaces, BOM, line separator, letters, digits,
   * Latin with diacritics, control characters 0x01 to 0x08 and astral characters. Never NUL, U+FFFD
   * or an unpaired surrogate (the readers reject the first two by design; UTF-8 cannot carry the
   * third).
   *
   * @param maxLength the largest length, in UTF-16 chars
   * @return such a field
   */
  public String csvField(int maxLength) {
    int length = length(maxLength);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      switch (random.nextInt(6)) {
        case 0:
        case 1:
          text.append(CSV_SPECIALS.charAt(random.nextInt(CSV_SPECIALS.length())));
          break;
        case 2:
          text.append((char) (int) oneOf('a' + random.nextInt(5), '0' + random.nextInt(4)));
          break;
        case 3:
          text.append((char) (int) oneOf(0xc0 + random.nextInt(6), 0x1 + random.nextInt(8)));
          break;
        case 4:
          int hebrew = 0x5d0 + random.nextInt(0x1b);
          text.append((char) (int) oneOf(hebrew, 0x301, 0x4e00 + random.nextInt(50)));
          break;
        default:
          if (length - text.length() >= 2) {
            text.appendCodePoint(0x1f600 + random.nextInt(0x50));
          }
      }
    }
    return text.toString();
  }

  /**
   * @param width the number of fields
   * @param maxFieldLength the largest length of one field
   * @return a row of {@link #csvField} values
   */
  public String[] csvRow(int width, int maxFieldLength) {
    String[] row = new String[width];
    for (int i = 0; i < width; i++) {
      row[i] = csvField(maxFieldLength);
    }
    return row;
  }

  /**
   * @param parts the fragments to join; not empty
   * @param minParts the smallest number of fragments
   * @param maxParts the largest number of fragments
   * @return that many uniformly chosen fragments (repeats allowed), concatenated
   */
  public String joined(String[] parts, int minParts, int maxParts) {
    int count = intBetween(minParts, maxParts);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(oneOf(parts));
    }
    return text.toString();
  }

  /**
   * @param minSize the smallest size
   * @param maxSize the largest size
   * @param element makes one element per call
   * @param <T> the element type
   * @return a mutable list of that many elements
   */
  public <T> List<T> listOf(int minSize, int maxSize, Supplier<T> element) {
    int size = minSize + length(maxSize - minSize);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.get());
    }
    return list;
  }

  private String stringOf(int minLength, int maxLength, Supplier<Character> nextChar) {
    int length = minLength + length(maxLength - minLength);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(nextChar.get().charValue());
    }
    return text.toString();
  }
}
