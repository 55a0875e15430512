package org.deid.core.inspect;

import java.util.Objects;

/**
 * What a sample says about one column. Holds no data value: only the name (from the header, or
 * {@code col_n}), a guessed role, fractions and an abstract shape.
 *
 * @param name the column name
 * @param guessedRole a policy role id such as {@code first_name}, {@code ssn}, {@code date}, or
 *     {@code none} for a column that does not look identifying
 * @param confidence 0..1, how sure the guess is (0 for {@code none} without evidence)
 * @param filledFraction share of sampled rows where the field is not blank
 * @param distinctFraction distinct non-blank values divided by non-blank values
 * @param shape the most common value shape ({@code d} digit, {@code a} a run of letters, other
 *     characters as they are, e.g. {@code ddd-dd-dddd}), {@code mixed} when no shape covers half
 *     the values, or empty when the column is empty
 */
public record ColumnProfile(
    String name,
    String guessedRole,
    double confidence,
    double filledFraction,
    double distinctFraction,
    String shape) {

  /**
   * @throws NullPointerException if a text component is null
   */
  public ColumnProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(guessedRole, "guessedRole");
    Objects.requireNonNull(shape, "shape");
  }
}
