package org.deid.server.audit;

import java.time.Instant;
import java.util.List;
import org.deid.server.db.Database;
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
    database.update(
        "INSERT INTO audit_log (at, actor, method, route, status, duration_ms, remote_addr)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        entry.at().toEpochMilli(),
        entry.actor(),
        entry.method(),
        truncate(entry.route(), 300),
        entry.status(),
        entry.durationMillis(),
        truncate(entry.remoteAddress(), 100));
  }

  /**
   * Returns the most recent entries, newest first.
   *
   * @param limit the most entries
   * @return the entries
   */
  public List<AuditEntry> recent(int limit) {
    return database.query(
        "SELECT at, actor, method, route, status, duration_ms, remote_addr"
            + " FROM audit_log ORDER BY id DESC LIMIT ?",
        r ->
            new AuditEntry(
                Instant.ofEpochMilli(r.getLong(1)),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getInt(5),
                r.getLong(6),
                r.getString(7)),
        limit);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
