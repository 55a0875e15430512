package org.deid.core.transform;

/**
 * Replaces every value with one constant (empty by default), keeping the column in the output.
 * Deterministic, unkeyed, irreversible: the output carries no information about the input. Never
 * counts a value as invalid.
 */
public final class RedactTransform implements FieldTransform {
  private final String replacement;

  /**
   * Creates the transform.
   *
   * @param replacement the constant written for every row, for example {@code ""} or {@code
   *     REDACTED}
   */
  public RedactTransform(String replacement) {
    this.replacement = replacement;
  }

  /**
   * Returns the replacement.
   *
   * @param raw ignored
   * @param row unused
   * @return the constant replacement
   */
  @Override
  public String apply(String raw, RowContext row) {
    return replacement;
  }
}
