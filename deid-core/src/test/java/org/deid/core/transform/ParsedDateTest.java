package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParsedDateTest {
  @ParameterizedTest
  @CsvSource({
    "2024-03-05, 2024-03-05",
    "20240305, 2024-03-05",
    "03/05/2024, 2024-03-05",
    "3/5/2024, 2024-03-05",
    "12/31/1999, 1999-12-31",
    "2024-03-05T10:15, 2024-03-05",
    "2024-03-05T10:15:30Z, 2024-03-05",
    "2024-03-05T10:15:30.123456789+05:30, 2024-03-05",
    "2024-03-05T23:59:59-0800, 2024-03-05",
    "'  2024-02-29 ', 2024-02-29"
  })
  void parse_acceptedShapes_giveTheDate(String raw, String expected) {
    ParsedDate date = ParsedDate.parse(raw);
    assertThat(date.isValid()).isTrue();
    assertThat(date.toLocalDate()).isEqualTo(LocalDate.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2024-3-5",
        "2024/03/05",
        "05.03.2024",
        "2024-03-05T",
        "2024-03-05T25:00",
        "2024-03-05T10:15:30+5",
        "2024-03-05 10:15",
        "03/05/24",
        "123/05/2024",
        "1/2/3/2024",
        "abcdefgh",
        "2024-03-05T10:15:30.Z",
        "2024-0a-05",
        "-2024-03-05"
      })
  void parse_otherShapes_isFormatInvalid(String raw) {
    ParsedDate date = ParsedDate.parse(raw);
    assertThat(date.isValid()).isFalse();
    assertThat(date.invalidReason()).isEqualTo("format");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29",
        "1900-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "0000-01-01",
        "02/30/2024",
        "20240431"
      })
  void parse_impossibleDay_isCalendarInvalid(String raw) {
    ParsedDate date = ParsedDate.parse(raw);
    assertThat(date.invalidReason()).isEqualTo("calendar");
  }

  @Test
  void parse_leapDayOfLeapCentury_isValid() {
    assertThat(ParsedDate.parse("2000-02-29").isValid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "2024-03-05, 2025-11-09",
    "20240305, 20251109",
    "03/05/2024, 11/09/2025",
    "3/5/2024, 11/9/2025",
    "03/5/2024, 11/9/2025",
    "2024-03-05T10:15:30Z, 2025-11-09T10:15:30Z"
  })
  void formatLike_keepsTheInputShape(String raw, String expected) {
    assertThat(ParsedDate.parse(raw).formatLike(LocalDate.of(2025, 11, 9))).isEqualTo(expected);
  }

  @Test
  void formatLike_unpaddedShape_padsNothingButTheYear() {
    assertThat(ParsedDate.parse("1/2/2024").formatLike(LocalDate.of(987, 3, 4)))
        .isEqualTo("3/4/0987");
  }

  @Test
  void toString_neverShowsTheDate() {
    assertThat(ParsedDate.parse("1980-01-15").toString())
        .doesNotContain("1980")
        .doesNotContain("15");
  }

  @Test
  void toLocalDate_ofInvalid_throwsWithoutTheValue() {
    assertThatThrownBy(() -> ParsedDate.parse("1980-02-30").toLocalDate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("1980");
  }
}
