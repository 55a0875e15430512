package org.deid.server.db;

import java.sql.SQLException;

/**
 * The few places where the SQL of the repositories differs between databases. Everything else is
 * plain SQL that H2 2.x and PostgreSQL both accept.
 */
public interface SqlDialect {
  /**
   * Returns the clause appended to a single-row queue claim query, for example {@code LIMIT 1 FOR
   * UPDATE SKIP LOCKED}.
   *
   * @param rows how many rows to claim at most
   * @return the clause, starting with a space
   */
  String limitForUpdateSkipLocked(int rows);

  /**
   * Tells whether an exception is a unique-constraint violation (SQL state 23505 on both H2 and
   * PostgreSQL).
   *
   * @param exception the failure
   * @return true for a duplicate key
   */
  default boolean isUniqueViolation(SQLException exception) {
    return "23505".equals(exception.getSQLState());
  }

  /** The dialect of H2 2.x (embedded mode). */
  SqlDialect H2 = rows -> " LIMIT " + rows + " FOR UPDATE SKIP LOCKED";

  /** The dialect of PostgreSQL 12 and later (used by the next deployment shape). */
  SqlDialect POSTGRESQL = rows -> " LIMIT " + rows + " FOR UPDATE SKIP LOCKED";
}
