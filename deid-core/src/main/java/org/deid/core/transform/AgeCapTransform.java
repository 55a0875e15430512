package org.deid.core.transform;

/**
 * Caps an age value (a number of years) so every age over 89 (including 89.5) becomes the single
 * category {@code 90+} (Safe Harbor (C)); ages up to 89 pass through trimmed. An input already
 * reading {@code 90+} stays {@code 90+}. Deterministic, unkeyed.
 *
 * <p>Blank input gives empty output without a count; a value that is not a plain decimal number
 * gives empty output counted as {@code format}, a negative one as {@code range}.
 */
public final class AgeCapTransform implements FieldTransform {
  private final String column;

  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   */
  public AgeCapTransform(String column) {
    this.column = column;
  }

  /**
   * Caps the age.
   *
   * @param raw the raw age
   * @param row the row, for invalid-value counts
   * @return the age, {@code 90+}, or empty
   */
  @Override
  public String apply(String raw, RowContext row) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return "";
    }
    if (value.equals(AgeTransform.NINETY_PLUS)) {
      return value;
    }
    if (!PlainNumber.isPlain(value)) {
      row.countInvalid(column, "format");
      return "";
    }
    double age = Double.parseDouble(value);
    if (age < 0) {
      row.countInvalid(column, "range");
      return "";
    }
    // Fractional ages such as 89.5 are over 89 too, so the cap is "> 89", not ">= 90".
    return age > 89 ? AgeTransform.NINETY_PLUS : value;
  }
}
