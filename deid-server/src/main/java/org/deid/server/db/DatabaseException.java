package org.deid.server.db;

import java.sql.SQLException;

/** An unexpected database failure (the message carries the SQL state, never a data value). */
public final class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps a SQL failure.
   *
   * @param cause the failure
   */
  public DatabaseException(SQLException cause) {
    super("database error (SQL state " + cause.getSQLState() + ")", cause);
  }
}
