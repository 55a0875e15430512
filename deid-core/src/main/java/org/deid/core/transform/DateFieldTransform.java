package org.deid.core.transform;

/**
 * What the date transforms share: blank input gives empty output without a count; a value that is
 * not a valid date (see {@link ParsedDate}) gives empty output counted as {@code format} or {@code
 * calendar}; a valid date goes to the subclass.
 */
abstract class DateFieldTransform implements FieldTransform {
  private final String column;

  DateFieldTransform(String column) {
    this.column = column;
  }

  @Override
  public final String apply(String raw, RowContext row) {
    if (raw.isBlank()) {
      return "";
    }
    ParsedDate date = ParsedDate.parse(raw);
    if (!date.isValid()) {
      row.countInvalid(column, date.invalidReason());
      return "";
    }
    return transform(date, row);
  }

  /**
   * Transforms a valid date.
   *
   * @param date the parsed date (keeps the input's text)
   * @param row the row, for the person key, other fields and invalid-value counts
   * @return the output value; empty after {@link #invalid} when it cannot be computed
   */
  abstract String transform(ParsedDate date, RowContext row);

  /**
   * Counts this column's value as invalid.
   *
   * @param row the row
   * @param reason the reason code
   * @return the empty output
   */
  final String invalid(RowContext row, String reason) {
    row.countInvalid(column, reason);
    return "";
  }
}
