package org.deid.core.transform;

/**
 * Keeps only the four-digit year of a date (Safe Harbor (C) for dates other than birth dates; use
 * {@link BirthYearTransform} for birth dates). Accepts the shapes of {@link ParsedDate}.
 * Deterministic, unkeyed, irreversible. Blank input gives empty output; an invalid date gives empty
 * output and is counted with reason {@code format} or {@code calendar}.
 */
public final class DateToYearTransform implements FieldTransform {
  private final String column;

  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   */
  public DateToYearTransform(String column) {
    this.column = column;
  }

  /**
   * Returns the year of the date.
   *
   * @param raw the raw value
   * @param row the row, for invalid-value counts
   * @return {@code yyyy}, or empty
   */
  @Override
  public String apply(String raw, RowContext row) {
    if (raw.isBlank()) {
      return "";
    }
    ParsedDate date = ParsedDate.parse(raw);
    if (!date.isValid()) {
      row.countInvalid(column, date.invalidReason());
      return "";
    }
    return date.yearText();
  }
}
