package org.deid.core.transform;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * A calendar date read from one of the shapes a data feed has, remembering that shape so a shifted
 * date can be written back the same way.
 *
 * <p>Accepted shapes: {@code yyyy-MM-dd}, {@code yyyyMMdd}, {@code MM/dd/yyyy} and {@code M/d/yyyy}
 * (one or two digits for month and day), and ISO date-time {@code yyyy-MM-ddTHH:mm[:ss[.f]][zone]}
 * where the zone is {@code Z}, {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM}. Surrounding blanks are
 * ignored. Calendar checks are strict (no 30 February, no month 13); years run from 0001 to 9999.
 *
 * <p>Parsing is hand-written (no regular expressions, no exceptions) because it runs for every date
 * value of every row. Immutable and thread-safe; {@link #toString()} never prints the date.
 */
public final class ParsedDate {
  private static final ParsedDate BAD_FORMAT = new ParsedDate("format");
  private static final ParsedDate BAD_CALENDAR = new ParsedDate("calendar");

  private enum Shape {
    ISO,
    BASIC,
    SLASHED,
    ISO_DATE_TIME
  }

  private final String invalidReason;
  private final Shape shape;
  private final int year;
  private final int month;
  private final int day;
  private final boolean padMonth;
  private final boolean padDay;
  private final String timeSuffix;

  private ParsedDate(String invalidReason) {
    this(invalidReason, Shape.ISO, 0, 0, 0, true, true, "");
  }

  private ParsedDate(
      String invalidReason,
      Shape shape,
      int year,
      int month,
      int day,
      boolean padMonth,
      boolean padDay,
      String timeSuffix) {
    this.invalidReason = invalidReason;
    this.shape = shape;
    this.year = year;
    this.month = month;
    this.day = day;
    this.padMonth = padMonth;
    this.padDay = padDay;
    this.timeSuffix = timeSuffix;
  }

  /**
   * Parses a raw value.
   *
   * @param raw the raw value, never null
   * @return the parsed date, or an invalid result whose {@link #invalidReason()} is {@code format}
   *     (not one of the shapes) or {@code calendar} (no such day)
   */
  public static ParsedDate parse(String raw) {
    String s = raw.strip();
    int n = s.length();
    if (n == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      return dashed(s, Shape.ISO, "");
    }
    if (n == 8 && digits(s, 0, 8)) {
      return checked(Shape.BASIC, num(s, 0, 4), num(s, 4, 6), num(s, 6, 8), true, true, "");
    }
    if (n > 10 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T') {
      String suffix = s.substring(10);
      return validTime(s, 11) ? dashed(s, Shape.ISO_DATE_TIME, suffix) : BAD_FORMAT;
    }
    return slashed(s);
  }

  private static ParsedDate dashed(String s, Shape shape, String suffix) {
    if (!digits(s, 0, 4) || !digits(s, 5, 7) || !digits(s, 8, 10)) {
      return BAD_FORMAT;
    }
    return checked(shape, num(s, 0, 4), num(s, 5, 7), num(s, 8, 10), true, true, suffix);
  }

  private static ParsedDate slashed(String s) {
    int first = s.indexOf('/');
    int second = first < 0 ? -1 : s.indexOf('/', first + 1);
    if (first < 1
        || first > 2
        || second - first < 2
        || second - first > 3
        || s.length() - second != 5) {
      return BAD_FORMAT;
    }
    if (!digits(s, 0, first)
        || !digits(s, first + 1, second)
        || !digits(s, second + 1, s.length())) {
      return BAD_FORMAT;
    }
    return checked(
        Shape.SLASHED,
        num(s, second + 1, s.length()),
        num(s, 0, first),
        num(s, first + 1, second),
        first == 2,
        second - first == 3,
        "");
  }

  private static ParsedDate checked(
      Shape shape, int year, int month, int day, boolean padMonth, boolean padDay, String suffix) {
    if (year < 1
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))) {
      return BAD_CALENDAR;
    }
    return new ParsedDate("", shape, year, month, day, padMonth, padDay, suffix);
  }

  /** Checks {@code HH:mm[:ss[.fffffffff]][Z|±HH|±HHMM|±HH:MM]} starting at {@code i}. */
  private static boolean validTime(String s, int i) {
    int n = s.length();
    if (n < i + 5 || !twoDigits(s, i, 23) || s.charAt(i + 2) != ':' || !twoDigits(s, i + 3, 59)) {
      return false;
    }
    int p = i + 5;
    if (p < n && s.charAt(p) == ':') {
      if (p + 3 > n || !twoDigits(s, p + 1, 60)) {
        return false;
      }
      p += 3;
      if (p < n && s.charAt(p) == '.') {
        int start = ++p;
        while (p < n && isDigit(s.charAt(p))) {
          p++;
        }
        if (p == start || p - start > 9) {
          return false;
        }
      }
    }
    if (p == n) {
      return true;
    }
    char zone = s.charAt(p);
    if (zone == 'Z') {
      return p + 1 == n;
    }
    if (zone != '+' && zone != '-') {
      return false;
    }
    int rest = n - p - 1;
    if (rest == 2) {
      return twoDigits(s, p + 1, 18);
    }
    if (rest == 4) {
      return twoDigits(s, p + 1, 18) && twoDigits(s, p + 3, 59);
    }
    return rest == 5
        && twoDigits(s, p + 1, 18)
        && s.charAt(p + 3) == ':'
        && twoDigits(s, p + 4, 59);
  }

  private static boolean twoDigits(String s, int i, int max) {
    return digits(s, i, i + 2) && num(s, i, i + 2) <= max;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int num(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /**
   * Tells whether the value was a valid date.
   *
   * @return true when valid
   */
  public boolean isValid() {
    return invalidReason.isEmpty();
  }

  /**
   * Returns why the value is not a date.
   *
   * @return {@code format} or {@code calendar}; empty when valid
   */
  public String invalidReason() {
    return invalidReason;
  }

  /**
   * Returns the date (only meaningful when valid).
   *
   * @return the calendar date
   * @throws IllegalStateException when invalid
   */
  public LocalDate toLocalDate() {
    requireValid();
    return LocalDate.of(year, month, day);
  }

  /**
   * Returns the year as four digits, for example {@code 0987} or {@code 2024}.
   *
   * @return the year text
   * @throws IllegalStateException when invalid
   */
  public String yearText() {
    requireValid();
    return pad4(year);
  }

  /**
   * Writes another date in this value's shape (same separators, same zero padding, same time and
   * zone text for date-times).
   *
   * @param date the date to write; year 1 to 9999
   * @return the formatted date
   * @throws IllegalStateException when this value is invalid
   * @throws IllegalArgumentException when the year is outside 1 to 9999
   */
  public String formatLike(LocalDate date) {
    requireValid();
    int y = date.getYear();
    if (y < 1 || y > 9999) {
      throw new IllegalArgumentException("year outside 0001-9999");
    }
    StringBuilder out = new StringBuilder(10 + timeSuffix.length());
    switch (shape) {
      case BASIC:
        out.append(pad4(y));
        pad2(out, date.getMonthValue());
        pad2(out, date.getDayOfMonth());
        break;
      case SLASHED:
        part(out, date.getMonthValue(), padMonth).append('/');
        part(out, date.getDayOfMonth(), padDay).append('/').append(pad4(y));
        break;
      default:
        out.append(pad4(y)).append('-');
        pad2(out, date.getMonthValue()).append('-');
        pad2(out, date.getDayOfMonth()).append(timeSuffix);
        break;
    }
    return out.toString();
  }

  private static StringBuilder part(StringBuilder out, int value, boolean pad) {
    return pad ? pad2(out, value) : out.append(value);
  }

  private static StringBuilder pad2(StringBuilder out, int value) {
    if (value < 10) {
      out.append('0');
    }
    return out.append(value);
  }

  private static String pad4(int year) {
    String digits = Integer.toString(year);
    return "0000".substring(digits.length()) + digits;
  }

  private void requireValid() {
    if (!isValid()) {
      throw new IllegalStateException("not a valid date: " + invalidReason);
    }
  }

  /** Never prints the date, which may be a birth date. */
  @Override
  public String toString() {
    return isValid() ? "ParsedDate[" + shape + "]" : "ParsedDate[invalid:" + invalidReason + "]";
  }
}
