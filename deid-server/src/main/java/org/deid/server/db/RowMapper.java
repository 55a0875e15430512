package org.deid.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the current row of a result set into a value.
 *
 * @param <T> the value
 */
@FunctionalInterface
public interface RowMapper<T> {
  /**
   * Reads the row the result set stands on (never moves it).
   *
   * @param row the result set
   * @return the value of this row
   * @throws SQLException if a column cannot be read
   */
  T map(ResultSet row) throws SQLException;
}
