package org.deid.server.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deid.server.db.Database;
import org.deid.server.db.Sql;
import org.deid.server.notify.Outbox;

/**
 * Client activity events and their deliveries (tables {@code activity_events} and {@code
 * activity_deliveries}). Recording an event schedules one delivery per notification target of the
 * client in the same transaction (webhooks always, e-mail for {@link ActivityKind#mailed()} kinds);
 * the deliveries are an {@link Outbox}, claimed and sent like job notifications. Thread-safe.
 */
public final class ActivityLog {
  private static final TypeReference<LinkedHashMap<String, String>> DETAILS =
      new TypeReference<>() {};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENT_COLUMNS = "e.id, e.client_id, e.kind, e.details, e.at";

  private final Database database;
  private final Outbox<ActivityEvent> deliveries;

  /**
   * Creates the log.
   *
   * @param database a migrated database
   */
  public ActivityLog(Database database) {
    this.database = database;
    this.deliveries =
        new Outbox<>(
            database,
            "activity_deliveries",
            EVENT_COLUMNS,
            "JOIN activity_events e ON e.id = d.event_id",
            ActivityLog::readEvent);
  }

  /**
   * Returns the deliveries of the events as an outbox, to claim and send them.
   *
   * @return the outbox
   */
  public Outbox<ActivityEvent> deliveries() {
    return deliveries;
  }

  /**
   * Records an event and schedules its notifications.
   *
   * @param clientId the client
   * @param kind what happened
   * @param details what to tell (no content, no secrets)
   * @param now the current time
   * @return the recorded event
   */
  public ActivityEvent record(
      String clientId, ActivityKind kind, Map<String, String> details, Instant now) {
    return database.inTransaction(c -> recordIn(c, clientId, kind, details, now));
  }

  /**
   * Records an event and schedules its notifications in the caller's transaction, so the event
   * exists exactly when the change it describes does.
   *
   * @param c the open transaction
   * @param clientId the client
   * @param kind what happened
   * @param details what to tell (no content, no secrets)
   * @param now the current time
   * @return the recorded event
   * @throws SQLException to roll the transaction back
   */
  public ActivityEvent recordIn(
      Connection c, String clientId, ActivityKind kind, Map<String, String> details, Instant now)
      throws SQLException {
    long id =
        Sql.insertReturningId(
            c,
            "INSERT INTO activity_events (client_id, kind, details, at) VALUES (?, ?, ?, ?)",
            clientId,
            kind.eventName(),
            toJson(details),
            now.toEpochMilli());
    Sql.update(
        c,
        "INSERT INTO activity_deliveries (event_id, client_id, channel, target, status,"
            + " attempts, next_attempt_at, created_at)"
            + " SELECT ?, client_id, channel, target, 'PENDING', 0, ?, ?"
            + " FROM notification_targets WHERE client_id = ?"
            + " AND (channel = 'WEBHOOK' OR (channel = 'EMAIL' AND ?))",
        id,
        now.toEpochMilli(),
        now.toEpochMilli(),
        clientId,
        kind.mailed());
    return new ActivityEvent(id, clientId, kind, details, now);
  }

  /**
   * Returns a client's most recent events, newest first.
   *
   * @param clientId the client
   * @param limit the most events
   * @return the events
   */
  public List<ActivityEvent> recent(String clientId, int limit) {
    return database.query(
        "SELECT "
            + EVENT_COLUMNS
            + " FROM activity_events e WHERE e.client_id = ? ORDER BY e.id DESC LIMIT ?",
        r -> readEvent(r, 1),
        clientId,
        limit);
  }

  /**
   * Counts a client's deliveries of one kind by channel and status (for tests and operators).
   *
   * @param clientId the client
   * @param kind the kind
   * @param channel the channel
   * @param status the status
   * @return the count
   */
  public int countDeliveries(String clientId, ActivityKind kind, String channel, String status) {
    return database
        .queryFirst(
            "SELECT COUNT(*) FROM activity_deliveries d JOIN activity_events e"
                + " ON e.id = d.event_id WHERE d.client_id = ? AND e.kind = ?"
                + " AND d.channel = ? AND d.status = ?",
            r -> r.getInt(1),
            clientId,
            kind.eventName(),
            channel,
            status)
        .orElseThrow();
  }

  private static ActivityEvent readEvent(ResultSet r, int first) throws SQLException {
    return new ActivityEvent(
        r.getLong(first),
        r.getString(first + 1),
        ActivityKind.ofEventName(r.getString(first + 2)),
        fromJson(r.getString(first + 3)),
        Instant.ofEpochMilli(r.getLong(first + 4)));
  }

  private static String toJson(Map<String, String> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode activity details", e);
    }
  }

  private static Map<String, String> fromJson(String text) {
    try {
      return JSON.readValue(text, DETAILS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot decode activity details", e);
    }
  }
}
