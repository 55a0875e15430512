package org.deid.server.db;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The few places where the databases differ. The schema and every repository query are plain SQL
 * that H2 2.x and PostgreSQL 12+ both accept; only what is listed here is chosen per database.
 */
public enum SqlDialect {
  /** H2 2.x in embedded mode. */
  H2("H2", Optional.of("SHUTDOWN")),
  /** PostgreSQL 12 and later. */
  POSTGRESQL("PostgreSQL", Optional.empty());

  private final String displayName;
  private final Optional<String> shutdownStatement;

  SqlDialect(String displayName, Optional<String> shutdownStatement) {
    this.displayName = displayName;
    this.shutdownStatement = shutdownStatement;
  }

  /**
   * Returns the clause appended to a queue claim query: {@code LIMIT n FOR UPDATE SKIP LOCKED} (the
   * same on both databases).
   *
   * @param rows how many rows to claim at most
   * @return the clause, starting with a space
   */
  public String limitForUpdateSkipLocked(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1");
    }
    return " LIMIT " + rows + " FOR UPDATE SKIP LOCKED";
  }

  /**
   * Returns the statement that flushes and closes the database when the last process lets go of it
   * (H2's {@code SHUTDOWN}); a server database has none.
   *
   * @return the statement, if any
   */
  public Optional<String> shutdownStatement() {
    return shutdownStatement;
  }

  /**
   * Tells whether an exception is a unique-constraint violation (SQL state 23505 on both).
   *
   * @param exception the failure
   * @return true for a duplicate key
   */
  public boolean isUniqueViolation(SQLException exception) {
    return "23505".equals(exception.getSQLState());
  }

  /**
   * Tells whether a failure is the database being unreachable or restarting (SQL state class 08,
   * PostgreSQL's 57P01-57P03 shutdown states), as opposed to a failure of the statement itself.
   *
   * @param exception the failure
   * @return true when retrying later may succeed
   */
  public boolean isConnectionFailure(SQLException exception) {
    String state = exception.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  /**
   * Tells whether processes can wake each other through the database when a job is queued
   * (PostgreSQL's {@code LISTEN}/{@code NOTIFY}); an embedded database has one process only.
   *
   * @return true for PostgreSQL
   */
  public boolean hasQueueNotifications() {
    return this == POSTGRESQL;
  }

  /**
   * Returns the product name for messages.
   *
   * @return for example {@code PostgreSQL}
   */
  public String displayName() {
    return displayName;
  }
}
