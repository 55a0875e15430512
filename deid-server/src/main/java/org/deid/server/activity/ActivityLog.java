package org.deid.server.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;

/**
 * Client activity events and their deliveries (tables {@code activity_events} and {@code
 * activity_deliveries}). Recording an event schedules one delivery per notification target of the
 * client in the same transaction (webhooks always, e-mail for {@link ActivityKind#mailed()} kinds).
 * Due deliveries are claimed with {@code FOR UPDATE SKIP LOCKED} and leased by pushing their due
 * time forward, so several processes never send one row at once, and only in the channels the
 * claiming process can send. Thread-safe.
 */
public final class ActivityLog {
  private static final TypeReference<LinkedHashMap<String, String>> DETAILS =
      new TypeReference<>() {};
  private static final String EVENT_COLUMNS = "e.id, e.client_id, e.kind, e.details, e.at";

  private final Database database;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the log.
   *
   * @param database a migrated database
   */
  public ActivityLog(Database database) {
    this.database = database;
  }

  /**
   * A delivery to attempt.
   *
   * @param id the delivery id
   * @param channel {@code EMAIL} or {@code WEBHOOK}
   * @param target the address or URL
   * @param attempts attempts made before this one
   * @param event what to send
   */
  public record Delivery(
      long id, String channel, String target, int attempts, ActivityEvent event) {}

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
    long id;
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO activity_events (client_id, kind, details, at) VALUES (?, ?, ?, ?)",
            new String[] {"id"})) {
      s.setString(1, clientId);
      s.setString(2, kind.eventName());
      s.setString(3, toJson(details));
      s.setLong(4, now.toEpochMilli());
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO activity_deliveries (event_id, client_id, channel, target, status,"
                + " attempts, next_attempt_at, created_at)"
                + " SELECT ?, client_id, channel, target, 'PENDING', 0, ?, ?"
                + " FROM notification_targets WHERE client_id = ?"
                + " AND (channel = 'WEBHOOK' OR (channel = 'EMAIL' AND ?))")) {
      s.setLong(1, id);
      s.setLong(2, now.toEpochMilli());
      s.setLong(3, now.toEpochMilli());
      s.setString(4, clientId);
      s.setBoolean(5, kind.mailed());
      s.executeUpdate();
    }
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + EVENT_COLUMNS
                    + " FROM activity_events e WHERE e.client_id = ? ORDER BY e.id DESC LIMIT ?")) {
      s.setString(1, clientId);
      s.setInt(2, limit);
      List<ActivityEvent> events = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(readEvent(r, 1));
        }
      }
      return events;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
    List<String> channelList = List.copyOf(new TreeSet<>(channels));
    String marks = String.join(", ", Collections.nCopies(channelList.size(), "?"));
    return database.inTransaction(
        c -> {
          List<Delivery> due = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT d.id, d.channel, d.target, d.attempts, "
                      + EVENT_COLUMNS
                      + " FROM activity_deliveries d JOIN activity_events e ON e.id = d.event_id"
                      + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?"
                      + " AND d.channel IN ("
                      + marks
                      + ") ORDER BY d.id LIMIT "
                      + limit
                      + " FOR UPDATE OF d SKIP LOCKED")) {
            s.setLong(1, now.toEpochMilli());
            for (int i = 0; i < channelList.size(); i++) {
              s.setString(i + 2, channelList.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                due.add(
                    new Delivery(
                        r.getLong(1),
                        r.getString(2),
                        r.getString(3),
                        r.getInt(4),
                        readEvent(r, 5)));
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE activity_deliveries SET next_attempt_at = ? WHERE id = ?")) {
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
   * Records a delivery's outcome.
   *
   * @param id the delivery
   * @param status {@code SENT}, {@code FAILED} or {@code PENDING} (to retry)
   * @param attempts attempts including this one
   * @param nextAttemptAt when to retry (ignored unless pending)
   * @param error the last error, null when sent
   */
  public void updateDelivery(
      long id, String status, int attempts, Instant nextAttemptAt, String error) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE activity_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
                    + " last_error = ? WHERE id = ?")) {
      s.setString(1, status);
      s.setInt(2, attempts);
      s.setLong(3, nextAttemptAt.toEpochMilli());
      s.setString(4, error == null ? null : truncate(error));
      s.setLong(5, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM activity_deliveries d JOIN activity_events e"
                    + " ON e.id = d.event_id WHERE d.client_id = ? AND e.kind = ?"
                    + " AND d.channel = ? AND d.status = ?")) {
      s.setString(1, clientId);
      s.setString(2, kind.eventName());
      s.setString(3, channel);
      s.setString(4, status);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private ActivityEvent readEvent(ResultSet r, int first) throws SQLException {
    return new ActivityEvent(
        r.getLong(first),
        r.getString(first + 1),
        ActivityKind.ofEventName(r.getString(first + 2)),
        fromJson(r.getString(first + 3)),
        Instant.ofEpochMilli(r.getLong(first + 4)));
  }

  private String toJson(Map<String, String> details) {
    try {
      return json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode activity details", e);
    }
  }

  private Map<String, String> fromJson(String text) {
    try {
      return json.readValue(text, DETAILS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot decode activity details", e);
    }
  }

  private static String truncate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500);
  }
}
