package org.deid.core.record;

import java.util.List;

/**
 * Turns rows into output text, one line at a time, appended to a caller-owned builder so that the
 * hot path allocates nothing per field.
 *
 * <p>Implementations are stateless and thread-safe; the builders are not shared.
 */
public interface RowEncoder {

  /**
   * Appends the header line (including the line separator). A no-op for NDJSON, whose rows carry
   * their keys.
   *
   * @param columns the column names
   * @param out where to append
   */
  void encodeHeader(List<String> columns, StringBuilder out);

  /**
   * Appends one row (including the line separator). A null field is written as empty.
   *
   * @param fields one value per column, in column order
   * @param out where to append
   * @throws IllegalArgumentException for NDJSON if the number of fields differs from the columns
   */
  void encode(String[] fields, StringBuilder out);
}
