package org.deid.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one hand-written statement on a connection the caller holds (usually a transaction):
 * prepares it, binds the parameters in order, executes it and maps the rows. The SQL stays at the
 * call site; only the JDBC steps around it live here.
 *
 * <p>Parameters are {@link String}, {@link Integer}, {@link Long}, {@link Boolean}, {@code byte[]},
 * {@code null} (a NULL text) or {@link #nullOf(int)} (a NULL of another type). Times are passed as
 * epoch milliseconds ({@code Instant.toEpochMilli()}), as every table stores them.
 */
public final class Sql {
  private Sql() {}

  /**
   * A NULL parameter of a given SQL type.
   *
   * @param sqlType a {@link Types} constant
   */
  public record TypedNull(int sqlType) {}

  /**
   * Returns a NULL parameter of a type other than text, for example {@code nullOf(Types.BIGINT)}.
   *
   * @param sqlType a {@link Types} constant
   * @return the parameter
   */
  public static TypedNull nullOf(int sqlType) {
    return new TypedNull(sqlType);
  }

  /**
   * Runs a query and maps every row.
   *
   * @param c the connection
   * @param sql the query
   * @param mapper reads one row
   * @param params the parameters, in order
   * @param <T> a row's value
   * @return the rows' values, in the query's order
   * @throws SQLException if the database fails
   */
  public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params);
        ResultSet r = s.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(mapper.map(r));
      }
      return rows;
    }
  }

  /**
   * Runs a query and maps its first row.
   *
   * @param c the connection
   * @param sql the query
   * @param mapper reads the row
   * @param params the parameters, in order
   * @param <T> the row's value
   * @return the first row's value, empty if there is no row
   * @throws SQLException if the database fails
   */
  public static <T> Optional<T> queryFirst(
      Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(mapper.map(r)) : Optional.empty();
    }
  }

  /**
   * Runs an INSERT, UPDATE or DELETE.
   *
   * @param c the connection
   * @param sql the statement
   * @param params the parameters, in order
   * @return how many rows it changed
   * @throws SQLException if the database fails
   */
  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params)) {
      return s.executeUpdate();
    }
  }

  /**
   * Runs an INSERT of one row into a table with a generated {@code id} column.
   *
   * @param c the connection
   * @param sql the statement
   * @param params the parameters, in order
   * @return the new row's id
   * @throws SQLException if the database fails
   */
  public static long insertReturningId(Connection c, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql, new String[] {"id"})) {
      bind(s, params);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      bind(s, params);
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement s, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      int index = i + 1;
      Object value = params[i];
      if (value == null) {
        s.setNull(index, Types.VARCHAR);
      } else if (value instanceof TypedNull typed) {
        s.setNull(index, typed.sqlType());
      } else if (value instanceof String text) {
        s.setString(index, text);
      } else if (value instanceof Integer number) {
        s.setInt(index, number);
      } else if (value instanceof Long number) {
        s.setLong(index, number);
      } else if (value instanceof Boolean flag) {
        s.setBoolean(index, flag);
      } else if (value instanceof byte[] bytes) {
        s.setBytes(index, bytes);
      } else {
        throw new IllegalArgumentException(
            "unsupported SQL parameter type " + value.getClass().getSimpleName());
      }
    }
  }
}
