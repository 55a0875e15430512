package org.deid.core.normalize;

import java.util.Locale;
import java.util.Optional;

/**
 * An identifying attribute that token rules can combine. Each attribute has one normalizer per
 * {@link NormalizationProfile}; see {@code docs/normalization.md} for the rules and examples.
 */
public enum Attribute {
  /** Given name. */
  FIRST_NAME("first_name"),
  /** Family name. */
  LAST_NAME("last_name"),
  /** Date of birth, normalized to {@code yyyy-MM-dd}. */
  BIRTH_DATE("birth_date"),
  /** Administrative sex. */
  SEX("sex"),
  /** US Social Security number. */
  SSN("ssn"),
  /** US ZIP code or Canadian postal code. */
  POSTAL_CODE("postal_code"),
  /** NANP telephone number. */
  PHONE("phone"),
  /** E-mail address. */
  EMAIL("email");

  private final String id;

  Attribute(String id) {
    this.id = id;
  }

  /**
   * Returns the identifier used in policies and rule expressions.
   *
   * @return the lower-case identifier, for example {@code first_name}
   */
  public String id() {
    return id;
  }

  /**
   * Looks an attribute up by its identifier.
   *
   * @param id identifier such as {@code last_name}; case-insensitive
   * @return the attribute, or empty when no attribute has that identifier
   */
  public static Optional<Attribute> fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (Attribute attribute : values()) {
      if (attribute.id.equals(wanted)) {
        return Optional.of(attribute);
      }
    }
    return Optional.empty();
  }
}
