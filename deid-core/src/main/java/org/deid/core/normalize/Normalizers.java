package org.deid.core.normalize;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Creates the normalizer for an attribute under a profile.
 *
 * <p>Every returned normalizer is thread-safe and deterministic; create it once and share it. The
 * only time-dependent rule is the birth-date upper bound (today, inclusive), which the
 * three-argument form takes explicitly. PHONE and EMAIL have no OpenToken definition and use the
 * deid-v1 rules in every profile.
 */
public final class Normalizers {
  private Normalizers() {}

  /**
   * Returns the normalizer for an attribute and profile, with today's UTC date as the latest
   * accepted birth date. The date is read once, when the normalizer is created: a normalizer kept
   * past midnight stays one day stricter, never more lenient. Tests and reproducible runs should
   * use {@link #forAttribute(Attribute, NormalizationProfile, LocalDate)}.
   *
   * @param attribute the attribute
   * @param profile the normalization profile
   * @return a thread-safe normalizer
   */
  public static AttributeNormalizer forAttribute(
      Attribute attribute, NormalizationProfile profile) {
    return forAttribute(attribute, profile, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * Returns the normalizer for an attribute and profile.
   *
   * @param attribute the attribute
   * @param profile the normalization profile
   * @param today the latest accepted birth date (inclusive); ignored by other attributes
   * @return a thread-safe normalizer
   */
  public static AttributeNormalizer forAttribute(
      Attribute attribute, NormalizationProfile profile, LocalDate today) {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(today, "today");
    boolean deid = profile == NormalizationProfile.DEID_V1;
    boolean lenient = profile == NormalizationProfile.OPENTOKEN_LENIENT;
    switch (attribute) {
      case FIRST_NAME:
      case LAST_NAME:
        return deid ? NameNormalizer.deidV1(attribute) : NameNormalizer.openToken(attribute);
      case BIRTH_DATE:
        return deid
            ? BirthDateNormalizer.deidV1(today)
            : BirthDateNormalizer.openToken(today, lenient);
      case SEX:
        return deid ? SexNormalizer.deidV1() : SexNormalizer.openToken(lenient);
      case SSN:
        return deid ? SsnNormalizer.deidV1() : SsnNormalizer.openToken(lenient);
      case POSTAL_CODE:
        return deid ? PostalCodeNormalizer.deidV1() : PostalCodeNormalizer.openToken(lenient);
      case PHONE:
        return new PhoneNormalizer();
      case EMAIL:
        return new EmailNormalizer();
      default:
        throw new IllegalArgumentException("no normalizer for attribute " + attribute.id());
    }
  }
}
