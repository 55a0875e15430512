package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TransformPropertiesTest {
  private final TestKeys keys = new TestKeys();

  @Property(tries = 500)
  void dateShift_preservesIntervalBetweenTwoDatesOfOnePerson(
      @ForAll @Size(32) byte[] personKey,
      @ForAll @IntRange(min = 1, max = 3650) int maxDays,
      @ForAll @IntRange(min = 0, max = 60000) int first,
      @ForAll @IntRange(min = 0, max = 60000) int second) {
    LocalDate base = LocalDate.of(1850, 1, 1);
    LocalDate a = base.plusDays(first);
    LocalDate b = base.plusDays(second);
    TestRow row = TestRow.forPerson(personKey);
    DateShiftTransform shiftA = new DateShiftTransform("admission_date", keys, maxDays);
    DateShiftTransform shiftB = new DateShiftTransform("discharge_date", keys, maxDays);
    LocalDate shiftedA = LocalDate.parse(shiftA.apply(a.toString(), row));
    LocalDate shiftedB = LocalDate.parse(shiftB.apply(b.toString(), row));
    assertThat(ChronoUnit.DAYS.between(shiftedA, shiftedB)).isEqualTo(second - first);
    assertThat(Math.abs(ChronoUnit.DAYS.between(a, shiftedA))).isLessThanOrEqualTo(maxDays);
  }

  @Property(tries = 1000)
  void zip3_outputIsAlwaysThreeDigits(@ForAll String raw) {
    for (RestrictedZip3 list : RestrictedZip3.values()) {
      assertThat(new Zip3Transform("zip", list).apply(raw, TestRow.empty())).matches("[0-9]{3}");
    }
  }

  @Property(tries = 1000)
  void zip3_ofFiveDigitZip_isItsPrefixOr000(@ForAll @IntRange(min = 0, max = 99999) int zip) {
    String text = String.format(java.util.Locale.ROOT, "%05d", zip);
    String out = new Zip3Transform("zip", RestrictedZip3.UNION).apply(text, TestRow.empty());
    assertThat(out).isIn(text.substring(0, 3), "000");
  }

  @Property(tries = 500)
  void dateToYear_neverThrowsOnArbitraryText(@ForAll String raw) {
    String out = new DateToYearTransform("d").apply(raw, TestRow.empty());
    assertThat(out.isEmpty() || out.matches("[0-9]{4}")).isTrue();
  }
}
