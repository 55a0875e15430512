package org.deid.core.policy;

/** What happens to input columns that the policy's {@code columns:} section does not name. */
public enum UnmappedColumns {
  /** Planning fails and lists every such column (the default: nothing leaves unreviewed). */
  REFUSE("refuse"),
  /** Such columns are left out of the output. */
  DROP("drop"),
  /** Such columns are copied unchanged; only safe when the input's columns are known. */
  KEEP("keep");

  private final String id;

  UnmappedColumns(String id) {
    this.id = id;
  }

  /**
   * Returns the policy identifier.
   *
   * @return {@code refuse}, {@code drop} or {@code keep}
   */
  public String id() {
    return id;
  }
}
