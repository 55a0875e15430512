package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DateTransformsTest {
  private final TestKeys keys = new TestKeys();
  private final byte[] alice = "alice-person-key-32-bytes-long!!".getBytes(StandardCharsets.UTF_8);

  @Test
  void dateToYear_eachShape_givesFourDigitYear() {
    DateToYearTransform year = new DateToYearTransform("admission_date");
    TestRow row = TestRow.empty();
    assertThat(year.apply("2024-03-05", row)).isEqualTo("2024");
    assertThat(year.apply("3/5/0999", row)).isEqualTo("0999");
    assertThat(year.apply("20240305", row)).isEqualTo("2024");
    assertThat(year.apply("2024-03-05T10:00:00Z", row)).isEqualTo("2024");
    assertThat(row.invalid()).isEmpty();
  }

  @Test
  void dateToYear_invalidDate_returnsEmptyAndCountsReason() {
    DateToYearTransform year = new DateToYearTransform("admission_date");
    TestRow row = TestRow.empty();
    assertThat(year.apply("2023-02-29", row)).isEmpty();
    assertThat(year.apply("yesterday", row)).isEmpty();
    assertThat(year.apply("", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("admission_date:calendar", "admission_date:format");
  }

  @Test
  void dateShift_samePerson_getsSameOffsetInEveryColumn() {
    TestRow row = TestRow.forPerson(alice);
    String admitted = new DateShiftTransform("admission_date", keys, 365).apply("2024-03-05", row);
    String discharged =
        new DateShiftTransform("discharge_date", keys, 365).apply("2024-03-09", row);
    assertThat(ChronoUnit.DAYS.between(LocalDate.parse(admitted), LocalDate.parse(discharged)))
        .isEqualTo(4);
  }

  @Test
  void dateShift_offset_isTheDocumentedDerivation() {
    int offset = DateShiftOffset.offsetDays(keys, alice, 365);
    String shifted =
        new DateShiftTransform("d", keys, 365).apply("2024-03-05", TestRow.forPerson(alice));
    assertThat(LocalDate.parse(shifted)).isEqualTo(LocalDate.of(2024, 3, 5).plusDays(offset));
  }

  @Test
  void dateShift_keepsTheInputShape() {
    DateShiftTransform shift = new DateShiftTransform("d", keys, 365);
    TestRow row = TestRow.forPerson(alice);
    LocalDate expected =
        LocalDate.of(2024, 3, 5).plusDays(DateShiftOffset.offsetDays(keys, alice, 365));
    assertThat(shift.apply("20240305", row)).hasSize(8).doesNotContain("-");
    assertThat(shift.apply("03/05/2024", row)).matches("\\d\\d/\\d\\d/\\d{4}");
    assertThat(shift.apply("2024-03-05T08:30:00+01:00", row))
        .isEqualTo(expected + "T08:30:00+01:00");
  }

  @Test
  void dateShift_withoutPersonKey_returnsEmptyAndCounts() {
    TestRow row = TestRow.empty();
    assertThat(new DateShiftTransform("d", keys, 365).apply("2024-03-05", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("d:no_person_key");
  }

  @Test
  void dateShift_invalidDate_returnsEmptyAndCounts() {
    TestRow row = TestRow.forPerson(alice);
    assertThat(new DateShiftTransform("d", keys, 365).apply("2024-02-30", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("d:calendar");
  }

  @Test
  void dateShift_beyondYear9999_returnsEmptyAndCountsRange() {
    int offset = DateShiftOffset.offsetDays(keys, alice, 365);
    String edge = offset >= 0 ? "9999-12-31" : "0001-01-01";
    TestRow row = TestRow.forPerson(alice);
    String out = new DateShiftTransform("d", keys, 365).apply(edge, row);
    if (offset == 0) {
      assertThat(out).isEqualTo(edge);
    } else {
      assertThat(out).isEmpty();
      assertThat(row.invalid()).containsExactly("d:range");
    }
  }

  @Test
  void dateShift_differentPeople_usuallyGetDifferentOffsets() {
    java.util.Set<Integer> offsets = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      offsets.add(
          DateShiftOffset.offsetDays(keys, ("person-" + i).getBytes(StandardCharsets.UTF_8), 365));
    }
    assertThat(offsets).hasSizeGreaterThan(40);
  }

  @Test
  void dateShiftOffset_staysWithinBoundsAndReachesBothEnds() {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < 2000; i++) {
      int offset = DateShiftOffset.offsetDays(keys, ("p" + i).getBytes(StandardCharsets.UTF_8), 2);
      min = Math.min(min, offset);
      max = Math.max(max, offset);
    }
    assertThat(min).isEqualTo(-2);
    assertThat(max).isEqualTo(2);
  }

  @Test
  void dateShiftOffset_dependsOnTheKey() {
    int[] differ = {0};
    for (int i = 0; i < 20; i++) {
      byte[] person = ("p" + i).getBytes(StandardCharsets.UTF_8);
      if (DateShiftOffset.offsetDays(keys, person, 365)
          != DateShiftOffset.offsetDays(new TestKeys("other"), person, 365)) {
        differ[0]++;
      }
    }
    assertThat(differ[0]).isGreaterThan(15);
  }
}
