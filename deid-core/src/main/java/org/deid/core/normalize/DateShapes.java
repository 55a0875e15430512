package org.deid.core.normalize;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The date layouts a profile accepts, parsed with char loops into a packed {@code yyyymmdd} int.
 * Negative results are errors ({@link #BAD_FORMAT}, {@link #BAD_CALENDAR}).
 */
enum DateShapes {
  /** deid-v1. */
  DEID_V1(true, true, true, false, true, true),
  /** OpenToken 1.12 exactly. */
  OPENTOKEN(false, false, false, true, false, false),
  /** OpenToken plus M/d/yyyy and date-times without an offset. */
  OPENTOKEN_LENIENT(false, false, true, true, true, false);

  static final int BAD_FORMAT = -1;
  static final int BAD_CALENDAR = -2;

  private final boolean compact;
  private final boolean flexibleTime;
  private final boolean shortMonthDay;
  private final boolean dottedDayFirst;
  private final boolean offsetOptional;
  private final boolean shortDashes;

  DateShapes(
      boolean compact,
      boolean flexibleTime,
      boolean shortMonthDay,
      boolean dottedDayFirst,
      boolean offsetOptional,
      boolean shortDashes) {
    this.compact = compact;
    this.flexibleTime = flexibleTime;
    this.shortMonthDay = shortMonthDay;
    this.dottedDayFirst = dottedDayFirst;
    this.offsetOptional = offsetOptional;
    this.shortDashes = shortDashes;
  }

  static int pack(int year, int month, int day) {
    return year * 10000 + month * 100 + day;
  }

  static String format(int packed) {
    int year = packed / 10000;
    int month = packed / 100 % 100;
    int day = packed % 100;
    char[] out = new char[10];
    out[0] = (char) ('0' + year / 1000);
    out[1] = (char) ('0' + year / 100 % 10);
    out[2] = (char) ('0' + year / 10 % 10);
    out[3] = (char) ('0' + year % 10);
    out[4] = '-';
    out[5] = (char) ('0' + month / 10);
    out[6] = (char) ('0' + month % 10);
    out[7] = '-';
    out[8] = (char) ('0' + day / 10);
    out[9] = (char) ('0' + day % 10);
    return new String(out);
  }

  int parse(String s) {
    int n = s.length();
    if (compact && n == 8 && Chars.allDigits(s, 0, 8)) {
      return checked(Chars.digits(s, 0, 4), Chars.digits(s, 4, 6), Chars.digits(s, 6, 8));
    }
    if (n >= 10 && isYearFirst(s)) {
      int date = checked(Chars.digits(s, 0, 4), Chars.digits(s, 5, 7), Chars.digits(s, 8, 10));
      if (n == 10) {
        return date;
      }
      return s.charAt(4) == '-' ? withTime(s, date) : BAD_FORMAT;
    }
    return parseYearLast(s);
  }

  /** {@code dddd S dd S dd} with one separator, {@code -} or {@code /}. */
  private static boolean isYearFirst(String s) {
    char sep = s.charAt(4);
    return (sep == '-' || sep == '/')
        && s.charAt(7) == sep
        && Chars.allDigits(s, 0, 4)
        && Chars.allDigits(s, 5, 7)
        && Chars.allDigits(s, 8, 10);
  }

  /** {@code MM/dd/yyyy}, {@code MM-dd-yyyy}, {@code dd.MM.yyyy} and the short month/day forms. */
  private int parseYearLast(String s) {
    int n = s.length();
    if (n < 8 || n > 10 || !Chars.allDigits(s, n - 4, n)) {
      return BAD_FORMAT;
    }
    int first = 0;
    while (first < n && Chars.isAsciiDigit(s.charAt(first))) {
      first++;
    }
    if (first == 0 || first > 2 || first >= n - 5) {
      return BAD_FORMAT;
    }
    char sep = s.charAt(first);
    int second = first + 1;
    while (second < n && Chars.isAsciiDigit(s.charAt(second))) {
      second++;
    }
    int secondLength = second - first - 1;
    if (second != n - 5 || s.charAt(second) != sep || secondLength < 1 || secondLength > 2) {
      return BAD_FORMAT;
    }
    boolean twoDigits = first == 2 && secondLength == 2;
    int a = Chars.digits(s, 0, first);
    int b = Chars.digits(s, first + 1, second);
    int year = Chars.digits(s, n - 4, n);
    if (sep == '.') {
      return dottedDayFirst && twoDigits ? checked(year, b, a) : BAD_FORMAT;
    }
    if (sep == '/') {
      return twoDigits || shortMonthDay ? checked(year, a, b) : BAD_FORMAT;
    }
    if (sep == '-') {
      return twoDigits || shortDashes ? checked(year, a, b) : BAD_FORMAT;
    }
    return BAD_FORMAT;
  }

  /** A date-time after {@code yyyy-MM-dd}: converts to the UTC date when there is an offset. */
  private int withTime(String s, int date) {
    char t = s.charAt(10);
    if (!(t == 'T' || (flexibleTime && (t == 't' || t == ' ')))) {
      return BAD_FORMAT;
    }
    TimeOfDay time = TimeOfDay.parse(s, 11, flexibleTime, offsetOptional);
    if (time == null) {
      return BAD_FORMAT;
    }
    if (date < 0) {
      return date;
    }
    int minutes = time.minutesOfDay - time.offsetMinutes;
    if (minutes >= 0 && minutes < 24 * 60) {
      return date;
    }
    LocalDate shifted =
        LocalDate.of(date / 10000, date / 100 % 100, date % 100)
            .plusDays(Math.floorDiv(minutes, 24 * 60));
    return pack(shifted.getYear(), shifted.getMonthValue(), shifted.getDayOfMonth());
  }

  private static int checked(int year, int month, int day) {
    if (year < 1
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))) {
      return BAD_CALENDAR;
    }
    return pack(year, month, day);
  }
}
