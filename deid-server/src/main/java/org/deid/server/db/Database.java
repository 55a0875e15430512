package org.deid.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.deid.server.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A pooled connection source with its SQL dialect, migrated to the latest schema on open: the
 * embedded H2 database of a single server, or a PostgreSQL database shared by any number of API
 * nodes and workers. The schema lives in numbered files under {@code db/migration}, plain SQL that
 * both databases accept, applied by Flyway (which serializes concurrent migrations of several
 * processes with a database lock).
 */
public final class Database implements AutoCloseable {
  private static final String MIGRATIONS = "classpath:db/migration";

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
      migrate(pool);
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
   * Connects to a PostgreSQL database and migrates it. Connections are pooled and validated before
   * use, so the pool heals by itself after the database restarts.
   *
   * @param settings URL, credentials and pool size
   * @param applicationName shown in {@code pg_stat_activity}, for example {@code deid-worker}
   * @return the open database
   * @throws ConfigException if it cannot be reached, the login fails or the migration fails
   */
  public static Database open(DatabaseSettings settings, String applicationName) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.maxConnections());
    config.setMinimumIdle(Math.min(2, settings.maxConnections()));
    config.setConnectionTimeout(10_000);
    config.setValidationTimeout(3_000);
    config.setInitializationFailTimeout(15_000);
    config.setPoolName(applicationName);
    config.addDataSourceProperty("ApplicationName", applicationName);
    config.addDataSourceProperty("connectTimeout", "10");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new ConfigException(
          "cannot connect to the database "
              + settings.describe()
              + " as "
              + settings.user().orElse("the URL's user")
              + ": "
              + sqlState(e));
    }
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw new ConfigException(
          "cannot migrate the database "
              + settings.describe()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    return new Database(pool, SqlDialect.POSTGRESQL, pool);
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return "SQL state " + sql.getSQLState() + " (" + sql.getClass().getSimpleName() + ")";
      }
    }
    return e.getClass().getSimpleName();
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .failOnMissingLocations(true)
        .load()
        .migrate();
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
   * @throws DatabaseException if the database fails
   */
  public <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        resetQuietly(connection);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Runs work on one connection in auto-commit mode (each statement commits by itself).
   *
   * @param work the work
   * @param <T> its result
   * @return what the work returned
   * @throws DatabaseException if the database fails
   */
  public <T> T withConnection(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Runs a query on a connection of its own; see {@link Sql#query}.
   *
   * @param sql the query
   * @param mapper reads one row
   * @param params the parameters, in order
   * @param <T> a row's value
   * @return the rows' values, in the query's order
   * @throws DatabaseException if the database fails
   */
  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(c -> Sql.query(c, sql, mapper, params));
  }

  /**
   * Runs a query on a connection of its own and maps its first row; see {@link Sql#queryFirst}.
   *
   * @param sql the query
   * @param mapper reads the row
   * @param params the parameters, in order
   * @param <T> the row's value
   * @return the first row's value, empty if there is no row
   * @throws DatabaseException if the database fails
   */
  public <T> Optional<T> queryFirst(String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(c -> Sql.queryFirst(c, sql, mapper, params));
  }

  /**
   * Runs an INSERT, UPDATE or DELETE on a connection of its own; see {@link Sql#update}.
   *
   * @param sql the statement
   * @param params the parameters, in order
   * @return how many rows it changed
   * @throws DatabaseException if the database fails
   */
  public int update(String sql, Object... params) {
    return withConnection(c -> Sql.update(c, sql, params));
  }

  /**
   * Runs an INSERT on a connection of its own, unless it would duplicate a unique key.
   *
   * @param sql the statement
   * @param params the parameters, in order
   * @return false, with nothing inserted, if a row with the same unique key exists
   * @throws DatabaseException if the database fails otherwise
   */
  public boolean insertUnlessDuplicate(String sql, Object... params) {
    try {
      update(sql, params);
      return true;
    } catch (DatabaseException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Tells whether a failure is a unique-constraint violation (a duplicate key).
   *
   * @param e the failure
   * @return true for a duplicate key
   */
  public boolean isUniqueViolation(DatabaseException e) {
    return e.getCause() instanceof SQLException sql && dialect.isUniqueViolation(sql);
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailed) {
      // a broken connection: the pool drops it; the original failure is what matters
      cause.addSuppressed(rollbackFailed);
    }
  }

  private static void resetQuietly(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a broken connection is evicted by the pool when it is closed
    }
  }

  /** Closes the pool; an embedded database is shut down cleanly. */
  @Override
  public void close() {
    Optional<String> shutdown = dialect.shutdownStatement();
    if (shutdown.isPresent()) {
      try (Connection connection = dataSource.getConnection()) {
        connection.createStatement().execute(shutdown.get());
      } catch (SQLException ignored) {
        // already closed: nothing left to flush
      }
    }
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the database failed", e);
    }
  }

  /**
   * Work done on a connection: in a transaction ({@link #inTransaction}) or in auto-commit mode
   * ({@link #withConnection}).
   *
   * @param <T> its result
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @param connection the connection
     * @return the result
     * @throws SQLException to roll back (in a transaction)
     */
    T run(Connection connection) throws SQLException;
  }
}
