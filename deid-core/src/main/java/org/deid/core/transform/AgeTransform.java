package org.deid.core.transform;

import java.time.LocalDate;

/**
 * Turns a birth date into the age in completed years as of a reference date (see {@link
 * AgeReference}), writing ages over 89 as the single category {@code 90+} (Safe Harbor (C)).
 * Deterministic, unkeyed, irreversible.
 *
 * <p>Blank input gives empty output without a count. Otherwise output is empty and the value
 * counted when the birth date is invalid ({@code format}, {@code calendar}), the row's reference
 * date is missing or invalid ({@code as_of_invalid}) or the birth date is after it ({@code
 * after_reference}).
 */
public final class AgeTransform extends BirthDateTransform {
  /** The category written for every age of 90 or more. */
  public static final String NINETY_PLUS = "90+";

  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   * @param reference the date as of which ages are computed
   */
  public AgeTransform(String column, AgeReference reference) {
    super(column, reference);
  }

  /**
   * Computes the capped age.
   *
   * @param birth the parsed birth date
   * @param birthDate the birth date
   * @param asOf the reference date
   * @return {@code 0} to {@code 89}, {@code 90+}
   */
  @Override
  String render(ParsedDate birth, LocalDate birthDate, LocalDate asOf) {
    int age = AgeReference.wholeYears(birthDate, asOf);
    return age > 89 ? NINETY_PLUS : Integer.toString(age);
  }
}
