package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NormalizersTest {
  @Test
  void forAttribute_everyAttributeAndProfile_returnsNormalizerForThatAttribute() {
    for (NormalizationProfile profile : NormalizationProfile.values()) {
      for (Attribute attribute : Attribute.values()) {
        assertThat(Normalizers.forAttribute(attribute, profile).attribute()).isEqualTo(attribute);
      }
    }
  }

  @Test
  void forAttribute_blankValue_isMissingForEveryAttributeAndProfile() {
    for (NormalizationProfile profile : NormalizationProfile.values()) {
      for (Attribute attribute : Attribute.values()) {
        AttributeNormalizer normalizer = Normalizers.forAttribute(attribute, profile);
        assertThat(normalizer.normalize("").reason()).isEqualTo(InvalidReason.MISSING);
        assertThat(normalizer.normalize(" \t ").reason()).isEqualTo(InvalidReason.MISSING);
      }
    }
  }

  @Test
  void birthDate_twoArgumentForm_acceptsTodayInUtcAndRejectsTheDayAfterTomorrow() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    AttributeNormalizer normalizer =
        Normalizers.forAttribute(Attribute.BIRTH_DATE, NormalizationProfile.DEID_V1);
    // A test run across UTC midnight could see two different days; accept either one.
    Normalized todayResult = normalizer.normalize(today.toString());
    Normalized dayAfterTomorrow = normalizer.normalize(today.plusDays(2).toString());
    assertThat(todayResult.isValid()).isTrue();
    assertThat(dayAfterTomorrow.reason()).isEqualTo(InvalidReason.RANGE);
  }

  @Test
  void birthDate_injectedToday_isTheInclusiveUpperBound() {
    AttributeNormalizer normalizer =
        Normalizers.forAttribute(
            Attribute.BIRTH_DATE, NormalizationProfile.OPENTOKEN, LocalDate.of(2020, 6, 30));
    assertThat(normalizer.normalize("2020-06-30").value()).isEqualTo("2020-06-30");
    assertThat(normalizer.normalize("2020-07-01").reason()).isEqualTo(InvalidReason.RANGE);
  }

  @Test
  void nameNormalizer_forNonNameAttribute_isRejected() {
    assertThatThrownBy(() -> NameNormalizer.deidV1(Attribute.SSN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void invalidResult_toString_neverShowsTheValue() {
    Normalized result =
        Normalizers.forAttribute(Attribute.SSN, NormalizationProfile.DEID_V1)
            .normalize("123-45-6789");
    assertThat(result.toString()).doesNotContain("123").contains(InvalidReason.SSN_KNOWN_FAKE);
  }

  @Test
  void nameNormalizers_underTurkishDefaultLocale_stillUpperCaseI() {
    // Surefire runs with -Duser.language=tr; a default-locale upper-case would give a dotted İ.
    Normalized deid =
        Normalizers.forAttribute(Attribute.FIRST_NAME, NormalizationProfile.DEID_V1)
            .normalize("kristin");
    Normalized openToken =
        Normalizers.forAttribute(Attribute.FIRST_NAME, NormalizationProfile.OPENTOKEN)
            .normalize("kristin");
    assertThat(deid.value()).isEqualTo("KRISTIN");
    assertThat(openToken.value()).isEqualTo("KRISTIN");
  }
}
