package org.deid.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit log of API calls, in the database and as a log line. Thread-safe. */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("audit");
  private final Database database;

  /**
   * Creates the log.
   *
   * @param database a migrated database
   */
  public AuditLog(Database database) {
    this.database = database;
  }

  /**
   * Records a call.
   *
   * @param entry the call
   */
  public void record(AuditEntry entry) {
    LOG.info(
        "actor={} method={} route={} status={} duration_ms={} remote={}",
        entry.actor(),
        entry.method(),
        entry.route(),
        entry.status(),
        entry.durationMillis(),
        entry.remoteAddress());
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO audit_log (at, actor, method, route, status, duration_ms,"
                    + " remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, entry.at().toEpochMilli());
      s.setString(2, entry.actor());
      s.setString(3, entry.method());
      s.setString(4, truncate(entry.route(), 300));
      s.setInt(5, entry.status());
      s.setLong(6, entry.durationMillis());
      s.setString(7, truncate(entry.remoteAddress(), 100));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Returns the most recent entries, newest first.
   *
   * @param limit the most entries
   * @return the entries
   */
  public List<AuditEntry> recent(int limit) {
    List<AuditEntry> entries = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT at, actor, method, route, status, duration_ms, remote_addr"
                    + " FROM audit_log ORDER BY id DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          entries.add(
              new AuditEntry(
                  Instant.ofEpochMilli(r.getLong(1)),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getInt(5),
                  r.getLong(6),
                  r.getString(7)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
