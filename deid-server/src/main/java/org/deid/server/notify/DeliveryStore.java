package org.deid.server.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;

/**
 * The deliveries table (one row per notification and target, written by the job store in the same
 * transaction as the job's terminal state). Due rows are claimed with {@code FOR UPDATE SKIP
 * LOCKED} and leased by pushing their due time forward, so several dispatchers never send the same
 * row at once. Thread-safe.
 */
public final class DeliveryStore {
  private final Database database;

  /**
   * Creates the store.
   *
   * @param database a migrated database
   */
  public DeliveryStore(Database database) {
    this.database = database;
  }

  /**
   * A delivery to attempt.
   *
   * @param id the delivery id
   * @param channel {@code EMAIL} or {@code WEBHOOK}
   * @param target address or URL
   * @param attempts attempts made before this one
   * @param notification what to send
   */
  public record Delivery(
      long id, String channel, String target, int attempts, Notification notification) {}

  /**
   * Claims due deliveries of every channel, leasing each for a while.
   *
   * @param now the current time
   * @param lease how long the claim lasts (then another dispatcher may retry)
   * @param limit the most deliveries
   * @return the claimed deliveries
   */
  public List<Delivery> claimDue(Instant now, Duration lease, int limit) {
    return claimDue(now, lease, limit, Set.of("EMAIL", "WEBHOOK"));
  }

  /**
   * Claims due deliveries of some channels, leasing each for a while. A process claims only the
   * channels it can send (one without SMTP leaves e-mails to a process that has it).
   *
   * @param now the current time
   * @param lease how long the claim lasts (then another dispatcher may retry)
   * @param limit the most deliveries
   * @param channels the channels to claim ({@code EMAIL}, {@code WEBHOOK})
   * @return the claimed deliveries
   */
  public List<Delivery> claimDue(Instant now, Duration lease, int limit, Set<String> channels) {
    if (channels.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", Collections.nCopies(channels.size(), "?"));
    List<String> channelList = List.copyOf(new TreeSet<>(channels));
    return database.inTransaction(
        c -> {
          List<Delivery> due = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT d.id, d.channel, d.target, d.attempts, e.id, e.job_id, e.client_id,"
                      + " e.to_state, e.attempt, e.reason, e.at, j.rows_read, j.rows_written,"
                      + " j.rows_rejected FROM deliveries d"
                      + " JOIN job_events e ON e.id = d.event_id JOIN jobs j ON j.id = e.job_id"
                      + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?"
                      + " AND d.channel IN ("
                      + marks
                      + ") ORDER BY d.id"
                      + " LIMIT "
                      + limit
                      + " FOR UPDATE OF d SKIP LOCKED")) {
            s.setLong(1, now.toEpochMilli());
            for (int i = 0; i < channelList.size(); i++) {
              s.setString(i + 2, channelList.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                Notification n =
                    new Notification(
                        r.getLong(5),
                        r.getString(6),
                        r.getString(7),
                        r.getString(8),
                        r.getInt(9),
                        r.getLong(12),
                        r.getLong(13),
                        r.getLong(14),
                        Optional.ofNullable(r.getString(10)),
                        Instant.ofEpochMilli(r.getLong(11)));
                due.add(new Delivery(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4), n));
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("UPDATE deliveries SET next_attempt_at = ? WHERE id = ?")) {
            for (Delivery d : due) {
              s.setLong(1, now.plus(lease).toEpochMilli());
              s.setLong(2, d.id());
              s.addBatch();
            }
            s.executeBatch();
          }
          return due;
        });
  }

  /**
   * Records a successful delivery.
   *
   * @param id the delivery
   * @param attempts attempts including this one
   */
  public void markSent(long id, int attempts) {
    update(
        "UPDATE deliveries SET status = 'SENT', attempts = ?, last_error = NULL WHERE id = ?",
        attempts,
        id);
  }

  /**
   * Records a failed attempt to retry later.
   *
   * @param id the delivery
   * @param attempts attempts including this one
   * @param nextAttemptAt when to try again
   * @param error why it failed (no secrets)
   */
  public void reschedule(long id, int attempts, Instant nextAttemptAt, String error) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?"
                    + " WHERE id = ?")) {
      s.setInt(1, attempts);
      s.setLong(2, nextAttemptAt.toEpochMilli());
      s.setString(3, truncate(error));
      s.setLong(4, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Records that a delivery gave up.
   *
   * @param id the delivery
   * @param attempts attempts made
   * @param error the last error
   */
  public void markFailed(long id, int attempts, String error) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE deliveries SET status = 'FAILED', attempts = ?, last_error = ?"
                    + " WHERE id = ?")) {
      s.setInt(1, attempts);
      s.setString(2, truncate(error));
      s.setLong(3, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM deliveries d JOIN job_events e ON e.id = d.event_id"
                    + " WHERE e.job_id = ? AND d.channel = ? AND d.status = ?")) {
      s.setString(1, jobId);
      s.setString(2, channel);
      s.setString(3, status);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private void update(String sql, int attempts, long id) {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, attempts);
      s.setLong(2, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private static String truncate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500);
  }
}
