package org.deid.core.transform;

/**
 * De-identifies the value of one column. Implementations are thread-safe and deterministic: the
 * same raw value, row context and keys always give the same output.
 */
public interface FieldTransform {
  /**
   * Transforms one value.
   *
   * @param raw the raw input value, never null
   * @param row the current row
   * @return the output value, never null (empty for "no value")
   */
  String apply(String raw, RowContext row);
}
