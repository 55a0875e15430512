package org.deid.core.transform;

/**
 * Passes the value through unchanged. Deterministic, unkeyed, trivially reversible; never counts a
 * value as invalid. Use only for columns that are not identifiers (for example diagnosis codes).
 */
public final class KeepTransform implements FieldTransform {
  /** The only instance; the transform has no state. */
  public static final KeepTransform INSTANCE = new KeepTransform();

  private KeepTransform() {}

  /**
   * Returns the raw value.
   *
   * @param raw the raw value
   * @param row unused
   * @return {@code raw}
   */
  @Override
  public String apply(String raw, RowContext row) {
    return raw;
  }
}
