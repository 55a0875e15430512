package org.deid.server.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.deid.server.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A pooled connection source with its SQL dialect, migrated to the latest schema on open. The
 * schema lives in numbered files under {@code db/migration} and is applied by Flyway.
 */
public final class Database implements AutoCloseable {
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final AutoCloseable closer;

  private Database(DataSource dataSource, SqlDialect dialect, AutoCloseable closer) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.closer = closer;
  }

  /**
   * Opens (creating if needed) the embedded H2 database in a folder and migrates it.
   *
   * @param folder where the database file lives
   * @return the open database
   * @throws ConfigException if it cannot be opened or migrated (for example when another process
   *     has it open)
   */
  public static Database openEmbedded(Path folder) {
    String url =
        "jdbc:h2:file:"
            + folder.toAbsolutePath().resolve("deid").toString()
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "deid", "");
    pool.setMaxConnections(32);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.dispose();
      throw new ConfigException(
          "cannot open the database in "
              + folder
              + " (is another deid server using this data folder?): "
              + e.getClass().getSimpleName());
    }
    return new Database(pool, SqlDialect.H2, pool::dispose);
  }

  /**
   * Returns the SQL dialect of this database.
   *
   * @return the dialect
   */
  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * Borrows a connection; the caller closes it.
   *
   * @return an open connection in auto-commit mode
   * @throws SQLException if none can be had
   */
  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /**
   * Runs work in one transaction: commits if it returns, rolls back if it throws.
   *
   * @param work the work
   * @param <T> its result
   * @return what the work returned
   */
  public <T> T inTransaction(Transactional<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Closes the pool; an embedded database is shut down cleanly. */
  @Override
  public void close() {
    try (Connection connection = dataSource.getConnection()) {
      connection.createStatement().execute("SHUTDOWN");
    } catch (SQLException ignored) {
      // already closed: nothing left to flush
    }
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the database failed", e);
    }
  }

  /**
   * Work done inside a transaction.
   *
   * @param <T> its result
   */
  @FunctionalInterface
  public interface Transactional<T> {
    /**
     * Does the work.
     *
     * @param connection the connection, not in auto-commit mode
     * @return the result
     * @throws SQLException to roll back
     */
    T run(Connection connection) throws SQLException;
  }
}
