package org.deid.core.transform;

/**
 * Replaces a value with {@code keys.pseudonym(column, trimmed value)}: deterministic encryption
 * under the client's site key with the column name as associated data. Deterministic and keyed
 * (joinable within one client) and reversible by the key holder, which is why Safe Harbor does not
 * allow it for identifiers (164.514(c)) and the policy accepts it there only under Expert
 * Determination. Blank input gives empty output; nothing is counted as invalid.
 */
public final class PseudonymTransform implements FieldTransform {
  private final String column;
  private final KeyedFunctions keys;

  /**
   * Creates the transform.
   *
   * @param column the column name, used as the encryption domain
   * @param keys the client's keyed functions
   */
  public PseudonymTransform(String column, KeyedFunctions keys) {
    this.column = column;
    this.keys = keys;
  }

  /**
   * Encrypts the trimmed value.
   *
   * @param raw the raw value
   * @param row unused
   * @return the pseudonym, or empty for blank input
   */
  @Override
  public String apply(String raw, RowContext row) {
    String value = raw.strip();
    return value.isEmpty() ? "" : keys.pseudonym(column, value);
  }
}
