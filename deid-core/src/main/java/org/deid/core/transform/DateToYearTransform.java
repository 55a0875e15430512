package org.deid.core.transform;

/**
 * Keeps only the four-digit year of a date (Safe Harbor (C) for dates other than birth dates; use
 * {@link BirthYearTransform} for birth dates). Accepts the shapes of {@link ParsedDate}.
 * Deterministic, unkeyed, irreversible. Blank input gives empty output; an invalid date gives empty
 * output and is counted with reason {@code format} or {@code calendar}.
 */
public final class DateToYearTransform extends DateFieldTransform {
  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   */
  public DateToYearTransform(String column) {
    super(column);
  }

  @Override
  String transform(ParsedDate date, RowContext row) {
    return date.yearText();
  }
}
