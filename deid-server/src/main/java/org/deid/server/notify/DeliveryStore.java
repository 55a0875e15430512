package org.deid.server.notify;

import java.time.Instant;
import java.util.Optional;
import org.deid.server.db.Database;

/**
 * The deliveries of job notifications (table {@code deliveries}: one row per notification and
 * target, written by the job store in the same transaction as the job's terminal state), as an
 * {@link Outbox} of {@link Notification}s. Thread-safe.
 */
public final class DeliveryStore {
  private final Database database;
  private final Outbox<Notification> outbox;

  /**
   * Creates the store.
   *
   * @param database a migrated database
   */
  public DeliveryStore(Database database) {
    this.database = database;
    this.outbox =
        new Outbox<>(
            database,
            "deliveries",
            "e.id, e.job_id, e.client_id, e.to_state, e.attempt, e.reason, e.at, j.rows_read,"
                + " j.rows_written, j.rows_rejected",
            "JOIN job_events e ON e.id = d.event_id JOIN jobs j ON j.id = e.job_id",
            (r, first) ->
                new Notification(
                    r.getLong(first),
                    r.getString(first + 1),
                    r.getString(first + 2),
                    r.getString(first + 3),
                    r.getInt(first + 4),
                    r.getLong(first + 7),
                    r.getLong(first + 8),
                    r.getLong(first + 9),
                    Optional.ofNullable(r.getString(first + 5)),
                    Instant.ofEpochMilli(r.getLong(first + 6))));
  }

  /**
   * Returns the deliveries as an outbox, to claim and send them.
   *
   * @return the outbox
   */
  public Outbox<Notification> outbox() {
    return outbox;
  }

  /**
   * Counts deliveries of a job by status (for tests and operators).
   *
   * @param jobId the job
   * @param channel the channel
   * @param status {@code PENDING}, {@code SENT} or {@code FAILED}
   * @return the count
   */
  public int count(String jobId, String channel, String status) {
    return database
        .queryFirst(
            "SELECT COUNT(*) FROM deliveries d JOIN job_events e ON e.id = d.event_id"
                + " WHERE e.job_id = ? AND d.channel = ? AND d.status = ?",
            r -> r.getInt(1),
            jobId,
            channel,
            status)
        .orElseThrow();
  }
}
