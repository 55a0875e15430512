package org.deid.core.transform;

import java.time.LocalDate;

/**
 * Turns a birth date into its year, except that a year which could indicate an age over 89 at the
 * reference date is written as the single category {@code 90+} (Safe Harbor (C)).
 *
 * <p>The cap is decided by year, not by exact age: the year is shown only when {@code referenceYear
 * - birthYear <= 89}, so every shown year means the person was at most 89 at the reference date
 * whatever the birthday. Consequently {@code 90+} also holds people born in year {@code
 * referenceYear - 90} who had not yet turned 90 on the reference date; that small over-suppression
 * is the price of never releasing a year that indicates an age over 89.
 *
 * <p>Deterministic, unkeyed, irreversible. Blank input gives empty output without a count;
 * otherwise output is empty and the value counted when the birth date is invalid ({@code format},
 * {@code calendar}), the reference date is missing or invalid ({@code as_of_invalid}) or the birth
 * date is after it ({@code after_reference}).
 */
public final class BirthYearTransform extends BirthDateTransform {
  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   * @param reference the date at which the cap is judged
   */
  public BirthYearTransform(String column, AgeReference reference) {
    super(column, reference);
  }

  /**
   * Returns the birth year or {@code 90+}.
   *
   * @param birth the parsed birth date
   * @param birthDate the birth date
   * @param asOf the reference date
   * @return {@code yyyy} or {@code 90+}
   */
  @Override
  String render(ParsedDate birth, LocalDate birthDate, LocalDate asOf) {
    return asOf.getYear() - birthDate.getYear() > 89 ? AgeTransform.NINETY_PLUS : birth.yearText();
  }
}
