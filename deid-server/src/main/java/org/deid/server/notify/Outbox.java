package org.deid.server.notify;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.deid.server.db.Database;
import org.deid.server.db.Sql;

/**
 * An outbox table of deliveries: one row per message and target, written in the same transaction as
 * what the message tells, then sent by an {@link OutboxDispatcher}. Due rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased by pushing their due time forward, so several
 * dispatchers never send the same row at once, and only in the channels the claiming process can
 * send. The table has the columns {@code id, channel, target, status, attempts, next_attempt_at,
 * last_error}; the message comes from tables joined to it. Thread-safe.
 *
 * @param <M> the message a delivery sends
 */
public final class Outbox<M> {
  private static final int MAX_ERROR = 500;

  private final Database database;
  private final String table;
  private final String messageColumns;
  private final String messageJoins;
  private final MessageReader<M> reader;

  /**
   * Reads the message of a claimed delivery from the columns after the delivery's own four.
   *
   * @param <M> the message
   */
  @FunctionalInterface
  public interface MessageReader<M> {
    /**
     * Reads the message.
     *
     * @param row the claimed row
     * @param firstColumn the index of the first message column
     * @return the message
     * @throws SQLException if a column cannot be read
     */
    M read(ResultSet row, int firstColumn) throws SQLException;
  }

  /**
   * A delivery to attempt.
   *
   * @param id the delivery id
   * @param channel {@code EMAIL} or {@code WEBHOOK}
   * @param target the address or URL
   * @param attempts attempts made before this one
   * @param message what to send
   * @param <M> the message
   */
  public record Delivery<M>(long id, String channel, String target, int attempts, M message) {}

  /**
   * Creates the outbox of one table.
   *
   * @param database a migrated database
   * @param table the deliveries table, aliased {@code d} in the claim
   * @param messageColumns the message's columns, for example {@code e.id, e.at}
   * @param messageJoins the joins they come from, for example {@code JOIN events e ON e.id =
   *     d.event_id}
   * @param reader reads the message from those columns
   */
  public Outbox(
      Database database,
      String table,
      String messageColumns,
      String messageJoins,
      MessageReader<M> reader) {
    this.database = database;
    this.table = table;
    this.messageColumns = messageColumns;
    this.messageJoins = messageJoins;
    this.reader = reader;
  }

  /**
   * Claims due deliveries of some channels, leasing each for a while. A process claims only the
   * channels it can send (one without SMTP leaves e-mails to a process that has it).
   *
   * @param now the current time
   * @param lease how long the claim lasts (then another dispatcher may retry)
   * @param limit the most deliveries
   * @param channels the channels to claim ({@code EMAIL}, {@code WEBHOOK})
   * @return the claimed deliveries, oldest first
   */
  public List<Delivery<M>> claimDue(Instant now, Duration lease, int limit, Set<String> channels) {
    if (channels.isEmpty()) {
      return List.of();
    }
    List<Object> params = new ArrayList<>();
    params.add(now.toEpochMilli());
    params.addAll(new TreeSet<>(channels));
    String marks = String.join(", ", Collections.nCopies(channels.size(), "?"));
    return database.inTransaction(
        c -> {
          List<Delivery<M>> due =
              Sql.query(
                  c,
                  "SELECT d.id, d.channel, d.target, d.attempts, "
                      + messageColumns
                      + " FROM "
                      + table
                      + " d "
                      + messageJoins
                      + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?"
                      + " AND d.channel IN ("
                      + marks
                      + ") ORDER BY d.id LIMIT "
                      + limit
                      + " FOR UPDATE OF d SKIP LOCKED",
                  r ->
                      new Delivery<>(
                          r.getLong(1),
                          r.getString(2),
                          r.getString(3),
                          r.getInt(4),
                          reader.read(r, 5)),
                  params.toArray());
          try (PreparedStatement s =
              c.prepareStatement("UPDATE " + table + " SET next_attempt_at = ? WHERE id = ?")) {
            for (Delivery<M> d : due) {
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
    database.update(
        "UPDATE " + table + " SET status = 'SENT', attempts = ?, last_error = NULL WHERE id = ?",
        attempts,
        id);
  }

  /**
   * Records a failed attempt to retry later.
   *
   * @param id the delivery
   * @param attempts attempts including this one
   * @param nextAttemptAt when to try again
   * @param error why it failed (no secrets; cut to 500 characters)
   */
  public void reschedule(long id, int attempts, Instant nextAttemptAt, String error) {
    database.update(
        "UPDATE " + table + " SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
        attempts,
        nextAttemptAt.toEpochMilli(),
        truncate(error),
        id);
  }

  /**
   * Records that a delivery gave up.
   *
   * @param id the delivery
   * @param attempts attempts made
   * @param error the last error (cut to 500 characters)
   */
  public void markFailed(long id, int attempts, String error) {
    database.update(
        "UPDATE " + table + " SET status = 'FAILED', attempts = ?, last_error = ? WHERE id = ?",
        attempts,
        truncate(error),
        id);
  }

  private static String truncate(String text) {
    return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
  }
}
