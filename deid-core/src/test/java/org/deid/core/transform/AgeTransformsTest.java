package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeTransformsTest {
  private final AgeReference asOf2026 = AgeReference.fixed(LocalDate.of(2026, 1, 1));

  @ParameterizedTest
  @CsvSource({
    "1980-01-15, 45",
    "1980-01-01, 46",
    "1936-01-02, 89",
    "1936-01-01, 90+",
    "1900-06-30, 90+",
    "2026-01-01, 0",
    "12/31/2025, 0"
  })
  void age_asOfFixedDate_isWholeYearsCappedAt90(String birth, String expected) {
    assertThat(new AgeTransform("birth_date", asOf2026).apply(birth, TestRow.empty()))
        .isEqualTo(expected);
  }

  @Test
  void age_leapDayBirthday_countsOnlyAfterFebruary28() {
    AgeTransform age = new AgeTransform("b", AgeReference.fixed(LocalDate.of(2001, 2, 28)));
    assertThat(age.apply("2000-02-29", TestRow.empty())).isEqualTo("0");
  }

  @Test
  void age_asOfColumn_readsReferenceFromTheRow() {
    AgeTransform age = new AgeTransform("birth_date", AgeReference.column(1, "admission_date"));
    assertThat(age.apply("1980-01-15", TestRow.withFields("x", "2000-01-14"))).isEqualTo("19");
    assertThat(age.apply("1980-01-15", TestRow.withFields("x", "01/15/2000"))).isEqualTo("20");
  }

  @Test
  void age_missingReference_returnsEmptyAndCounts() {
    AgeTransform age = new AgeTransform("birth_date", AgeReference.column(1, "admission_date"));
    TestRow row = TestRow.withFields("x", "");
    assertThat(age.apply("1980-01-15", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("birth_date:as_of_invalid");
  }

  @Test
  void age_invalidOrFutureBirthDate_returnsEmptyAndCounts() {
    TestRow row = TestRow.empty();
    AgeTransform age = new AgeTransform("birth_date", asOf2026);
    assertThat(age.apply("1980-13-01", row)).isEmpty();
    assertThat(age.apply("2030-01-01", row)).isEmpty();
    assertThat(age.apply("", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("birth_date:calendar", "birth_date:after_reference");
  }

  @ParameterizedTest
  @CsvSource({
    "1980-01-15, 1980",
    "1937-12-31, 1937",
    "1936-12-31, 90+",
    "1936-01-01, 90+",
    "1890-01-01, 90+",
    "19360101, 90+"
  })
  void birthYear_capsEveryYearThatCouldMeanOver89(String birth, String expected) {
    assertThat(new BirthYearTransform("birth_date", asOf2026).apply(birth, TestRow.empty()))
        .isEqualTo(expected);
  }

  @Test
  void birthYear_invalid_returnsEmptyAndCounts() {
    TestRow row = TestRow.empty();
    assertThat(new BirthYearTransform("birth_date", asOf2026).apply("15/01/1980", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("birth_date:calendar");
  }

  @ParameterizedTest
  @CsvSource({"45, 45", "' 89 ', 89", "89.5, 90+", "90, 90+", "104, 90+", "90+, 90+", "0, 0"})
  void ageCap_capsAgesOver89(String raw, String expected) {
    assertThat(new AgeCapTransform("age").apply(raw, TestRow.empty())).isEqualTo(expected);
  }

  @Test
  void ageCap_notANumberOrNegative_returnsEmptyAndCounts() {
    TestRow row = TestRow.empty();
    AgeCapTransform cap = new AgeCapTransform("age");
    assertThat(cap.apply("forty", row)).isEmpty();
    assertThat(cap.apply("-3", row)).isEmpty();
    assertThat(cap.apply("1e3", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("age:format", "age:range", "age:format");
  }
}
