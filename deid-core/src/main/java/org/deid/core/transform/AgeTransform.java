package org.deid.core.transform;

import java.time.LocalDate;

/**
 * Turns a birth date into the age in completed years as of a reference date (see {@link
 * AgeReference}), writing ages over 89 as the single category {@code 90+} (Safe Harbor (C)).
 * Deterministic, unkeyed, irreversible.
 *
 * <p>Blank input gives empty output without a count. Otherwise output is empty and the value counted
 * when the birth date is invalid ({@code format}, {@code calendar}), the row's reference date is
 * missing or invalid ({@code as_of_invalid}) or the birth date is after it ({@code
 * after_reference}).
 */
public final class AgeTransform implements FieldTransform {
  /** The category written for every age of 90 or more. */
  public static final String NINETY_PLUS = "90+";

  private final String column;
  private final AgeReference reference;

  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   * @param reference the date as of which ages are computed
   */
  public AgeTransform(String column, AgeReference reference) {
    this.column = column;
    this.reference = reference;
  }

  /**
   * Computes the capped age.
   *
   * @param raw the raw birth date
   * @param row the row, for the reference column and invalid-value counts
   * @return {@code 0} to {@code 89}, {@code 90+}, or empty
   */
  @Override
  public String apply(String raw, RowContext row) {
    if (raw.isBlank()) {
      return "";
    }
    ParsedDate birth = ParsedDate.parse(raw);
    if (!birth.isValid()) {
      row.countInvalid(column, birth.invalidReason());
      return "";
    }
    ParsedDate asOf = reference.resolve(row);
    if (!asOf.isValid()) {
      row.countInvalid(column, "as_of_invalid");
      return "";
    }
    LocalDate birthDate = birth.toLocalDate();
    LocalDate asOfDate = asOf.toLocalDate();
    if (birthDate.isAfter(asOfDate)) {
      row.countInvalid(column, "after_reference");
      return "";
    }
    int age = AgeReference.wholeYears(birthDate, asOfDate);
    return age > 89 ? NINETY_PLUS : Integer.toString(age);
  }
}
