package org.deid.core.transform;

/**
 * What a {@link FieldTransform} may know about the row it transforms. Implemented by the pipeline;
 * one instance per worker thread, reused row after row.
 */
public interface RowContext {
  /**
   * Returns the physical line on which the current record starts (1-based, header included).
   *
   * @return the line number
   */
  long lineNumber();

  /**
   * Returns the raw input value of a column of the current row.
   *
   * @param columnIndex zero-based index into the input columns
   * @return the raw value, never null (empty when absent)
   */
  String field(int columnIndex);

  /**
   * Returns 32 bytes that identify the person of the current row (the linkage digest of the
   * policy's person-key rule, or a keyed digest of a patient id column).
   *
   * @return the person key, or an empty array when the row has none
   */
  byte[] personKey();

  /**
   * Counts an invalid input value (for the report; never the value itself).
   *
   * @param column the column name
   * @param reason a short stable reason code
   */
  void countInvalid(String column, String reason);
}
