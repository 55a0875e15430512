package org.deid.core.normalize;

/** The time and offset part of an ISO date-time, validated strictly; only minutes matter. */
final class TimeOfDay {
  final int minutesOfDay;
  final int offsetMinutes;

  private TimeOfDay(int minutesOfDay, int offsetMinutes) {
    this.minutesOfDay = minutesOfDay;
    this.offsetMinutes = offsetMinutes;
  }

  /**
   * Parses {@code HH:mm:ss[.SSS](Z|±hh:mm)} from {@code from} to the end (OpenToken), or with
   * {@code flexible} also {@code HH:mm}, any fraction of 1-9 digits, {@code z}, {@code ±hh} and
   * {@code ±hhmm} (deid-v1). Returns null when the text is not such a time.
   */
  static TimeOfDay parse(String s, int from, boolean flexible, boolean offsetOptional) {
    int n = s.length();
    int i = from;
    if (!twoDigits(s, i, n) || !charAt(s, i + 2, ':') || !twoDigits(s, i + 3, n)) {
      return null;
    }
    int hour = Chars.digits(s, i, i + 2);
    int minute = Chars.digits(s, i + 3, i + 5);
    i += 5;
    if (charAt(s, i, ':') && twoDigits(s, i + 1, n)) {
      if (Chars.digits(s, i + 1, i + 3) > 59) {
        return null;
      }
      i += 3;
    } else if (!flexible) {
      return null;
    }
    if (hour > 23 || minute > 59) {
      return null;
    }
    if (charAt(s, i, '.') || (flexible && charAt(s, i, ','))) {
      int digits = i + 1;
      while (digits < n && Chars.isAsciiDigit(s.charAt(digits))) {
        digits++;
      }
      int count = digits - i - 1;
      if (flexible ? count < 1 || count > 9 : count != 3) {
        return null;
      }
      i = digits;
    }
    int minutesOfDay = hour * 60 + minute;
    if (i == n) {
      return offsetOptional ? new TimeOfDay(minutesOfDay, 0) : null;
    }
    char sign = s.charAt(i);
    if (sign == 'Z' || (flexible && sign == 'z')) {
      return i + 1 == n ? new TimeOfDay(minutesOfDay, 0) : null;
    }
    if (sign != '+' && sign != '-') {
      return null;
    }
    Integer offset = offset(s, i + 1, flexible);
    if (offset == null) {
      return null;
    }
    return new TimeOfDay(minutesOfDay, sign == '-' ? -offset : offset);
  }

  private static Integer offset(String s, int i, boolean flexible) {
    int n = s.length();
    if (!twoDigits(s, i, n)) {
      return null;
    }
    int hours = Chars.digits(s, i, i + 2);
    int minutes;
    if (i + 2 == n && flexible) {
      minutes = 0;
    } else if (charAt(s, i + 2, ':') && twoDigits(s, i + 3, n) && i + 5 == n) {
      minutes = Chars.digits(s, i + 3, i + 5);
    } else if (flexible && twoDigits(s, i + 2, n) && i + 4 == n) {
      minutes = Chars.digits(s, i + 2, i + 4);
    } else {
      return null;
    }
    int limit = flexible ? 18 : 23;
    if (hours > limit || minutes > 59 || (flexible && hours == 18 && minutes > 0)) {
      return null;
    }
    return hours * 60 + minutes;
  }

  private static boolean twoDigits(String s, int i, int n) {
    return i + 2 <= n && Chars.isAsciiDigit(s.charAt(i)) && Chars.isAsciiDigit(s.charAt(i + 1));
  }

  private static boolean charAt(String s, int i, char c) {
    return i < s.length() && s.charAt(i) == c;
  }
}
