package org.deid.core.transform;

import java.time.LocalDate;

/**
 * The date "as of" which an age is computed: one fixed date, or the date in another column of the
 * same row (for example age at admission). Immutable and thread-safe.
 */
public final class AgeReference {
  private final ParsedDate fixed;
  private final int columnIndex;
  private final String description;

  private AgeReference(ParsedDate fixed, int columnIndex, String description) {
    this.fixed = fixed;
    this.columnIndex = columnIndex;
    this.description = description;
  }

  /**
   * Uses one fixed date for every row.
   *
   * @param date the reference date
   * @return the reference
   */
  public static AgeReference fixed(LocalDate date) {
    return new AgeReference(ParsedDate.parse(date.toString()), -1, "as_of " + date);
  }

  /**
   * Reads the reference date from another column of the row, in any {@link ParsedDate} shape.
   *
   * @param columnIndex zero-based input column index
   * @param columnName the column name, for descriptions
   * @return the reference
   */
  public static AgeReference column(int columnIndex, String columnName) {
    if (columnIndex < 0) {
      throw new IllegalArgumentException("column index must not be negative");
    }
    return new AgeReference(ParsedDate.parse(""), columnIndex, "as_of_column " + columnName);
  }

  /**
   * Returns the reference date of a row.
   *
   * @param row the row
   * @return the parsed reference date; invalid when the reference column holds no valid date
   */
  public ParsedDate resolve(RowContext row) {
    return columnIndex < 0 ? fixed : ParsedDate.parse(row.field(columnIndex));
  }

  /**
   * Describes the reference without any row data.
   *
   * @return for example {@code as_of 2026-01-01} or {@code as_of_column admission_date}
   */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Computes completed years between two valid dates.
   *
   * @param birth the birth date
   * @param asOf the reference date, not before {@code birth}
   * @return whole years of age
   */
  static int wholeYears(LocalDate birth, LocalDate asOf) {
    int years = asOf.getYear() - birth.getYear();
    boolean beforeBirthday =
        asOf.getMonthValue() < birth.getMonthValue()
            || (asOf.getMonthValue() == birth.getMonthValue()
                && asOf.getDayOfMonth() < birth.getDayOfMonth());
    return beforeBirthday ? years - 1 : years;
  }
}
