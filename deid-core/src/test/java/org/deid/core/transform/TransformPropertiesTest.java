package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deid.core.testing.PropertyCases;
import org.deid.core.testing.RandomInputs;
import org.junit.jupiter.api.Test;

class TransformPropertiesTest {
  private static final LocalDate BASE = LocalDate.of(1850, 1, 1);

  /** Text that random Unicode rarely reaches: zip- and date-shaped, incl. non-ASCII digits. */
  private static final List<String> TEXT_EDGE_CASES =
      List.of(
          "",
          " ",
          "0",
          "00000",
          "99999",
          "98004",
          "12345-6789",
          " 98004 ",
          "980",
          "1234",
          "123456",
          "\uff11\uff12\uff13\uff14\uff15",
          "\u0661\u0662\u0663\u0664\u0665",
          "\ud800",
          "\udc00",
          "2026-02-29",
          "2024-02-29",
          "0000-01-01",
          "9999-12-31",
          "01/15/1980",
          "19800115",
          "1980",
          "-1",
          "\u0000");

  /** Characters that look like or stand in for a digit: only ASCII 0-9 make a ZIP. */
  private static final Character[] NOT_ASCII_DIGITS = {
    '\uff15', '\u0665', '\u06f5', '\u0965', '\u00b2', '\u2075', '\u2464', 'O', 'l', ' ', '-',
    '\ud800', '\udc00'
  };

  private final TestKeys keys = new TestKeys();

  /** A person key, a maximum shift and two day offsets from {@link #BASE}. */
  record ShiftCase(byte[] personKey, int maxDays, int first, int second) {
    @Override
    public String toString() {
      return "key="
          + Arrays.toString(personKey)
          + " maxDays="
          + maxDays
          + " first="
          + first
          + " second="
          + second;
    }
  }

  @Test
  void dateShift_preservesIntervalBetweenTwoDatesOfOnePerson() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xFF);
    List<ShiftCase> edgeCases =
        List.of(
            new ShiftCase(zeros, 1, 0, 0),
            new ShiftCase(ones, 3650, 0, 60000),
            new ShiftCase(zeros, 3650, 60000, 0),
            new ShiftCase(ones, 1, 60000, 60000),
            new ShiftCase(zeros, 365, 54727, 54728));
    PropertyCases.check(
        0xDA7E_5417L,
        3000,
        edgeCases,
        random ->
            new ShiftCase(
                random.bytes(32),
                random.intBetween(1, 3650),
                random.intBetween(0, 60000),
                random.intBetween(0, 60000)),
        this::checkShift);
  }

  private void checkShift(ShiftCase c) {
    LocalDate a = BASE.plusDays(c.first());
    LocalDate b = BASE.plusDays(c.second());
    TestRow row = TestRow.forPerson(c.personKey());
    DateShiftTransform shiftA = new DateShiftTransform("admission_date", keys, c.maxDays());
    DateShiftTransform shiftB = new DateShiftTransform("discharge_date", keys, c.maxDays());
    LocalDate shiftedA = LocalDate.parse(shiftA.apply(a.toString(), row));
    LocalDate shiftedB = LocalDate.parse(shiftB.apply(b.toString(), row));
    assertThat(ChronoUnit.DAYS.between(shiftedA, shiftedB)).isEqualTo(c.second() - c.first());
    assertThat(Math.abs(ChronoUnit.DAYS.between(a, shiftedA))).isLessThanOrEqualTo(c.maxDays());
  }

  @Test
  void zip3_outputIsAlwaysThreeDigits() {
    PropertyCases.check(
        0x2193_0001L,
        3000,
        TEXT_EDGE_CASES,
        TransformPropertiesTest::zipLikeText,
        raw -> {
          for (RestrictedZip3 list : RestrictedZip3.values()) {
            assertThat(new Zip3Transform("zip", list).apply(raw, TestRow.empty()))
                .as("list %s", list)
                .matches("[0-9]{3}");
          }
        });
  }

  @Test
  void zip3_ofEveryFiveDigitZip_isItsPrefixOr000() {
    Zip3Transform transform = new Zip3Transform("zip", RestrictedZip3.UNION);
    for (int zip = 0; zip <= 99999; zip++) {
      String text = String.format(Locale.ROOT, "%05d", zip);
      assertThat(transform.apply(text, TestRow.empty()))
          .as("zip %s", text)
          .isIn(text.substring(0, 3), "000");
    }
  }

  @Test
  void dateToYear_neverThrowsOnArbitraryText() {
    PropertyCases.check(
        0xDA7E_0002L,
        3000,
        TEXT_EDGE_CASES,
        TransformPropertiesTest::dateLikeText,
        raw -> {
          String out = new DateToYearTransform("d").apply(raw, TestRow.empty());
          assertThat(out).matches("|[0-9]{4}");
        });
  }

  /**
   * Half arbitrary Unicode, half ZIP-shaped: 5, 9 or 5+4 digits (or another length), where each
   * character may be swapped for a non-ASCII digit, a letter, a space or a lone surrogate, and the
   * whole may be padded with whitespace.
   */
  private static String zipLikeText(RandomInputs random) {
    if (random.chance(0.5)) {
      return random.unicodeString(30);
    }
    String anyLength = "d".repeat(random.intBetween(1, 11));
    String shape = random.oneOf("ddddd", "ddddddddd", "ddddd-dddd", anyLength);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < shape.length(); i++) {
      char c = shape.charAt(i) == 'd' ? (char) ('0' + random.intBetween(0, 9)) : '-';
      char swapped = random.chance(0.1) ? random.oneOf(NOT_ASCII_DIGITS) : c;
      text.append(swapped);
    }
    String pad = random.oneOf("", "", " ", "\t", "\u00a0", "\u3000");
    return pad + text + pad;
  }

  /** Half arbitrary Unicode, half date-shaped pieces in random order. */
  private static String dateLikeText(RandomInputs random) {
    if (random.chance(0.5)) {
      return random.unicodeString(30);
    }
    LocalDate date = random.dateBetween(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31));
    return random.joined(
        new String[] {
          date.toString(),
          random.digits(random.intBetween(1, 8)),
          "-",
          "/",
          ".",
          " ",
          "T",
          "10:30:00",
          "Z",
          "+05:30",
          "\u0661",
          "\ud800"
        },
        1,
        4);
  }
}
