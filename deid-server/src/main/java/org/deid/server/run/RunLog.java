package org.deid.server.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;

/** The stored run summaries of on-prem CLI runs, per client. Thread-safe. */
public final class RunLog {
  private final Database database;

  /**
   * Creates the log.
   *
   * @param database a migrated database
   */
  public RunLog(Database database) {
    this.database = database;
  }

  /**
   * One stored run.
   *
   * @param id the run id
   * @param clientId the client that sent it
   * @param apiKeyId the API key it was sent with
   * @param receivedAt when the server received it
   * @param summary the validated summary
   */
  public record StoredRun(
      String id, String clientId, String apiKeyId, Instant receivedAt, RunSummary summary) {}

  /**
   * Stores a validated summary.
   *
   * @param run the run
   */
  public void insert(StoredRun run) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO client_runs (id, client_id, api_key_id, received_at, exit_status,"
                    + " summary) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, run.id());
      s.setString(2, run.clientId());
      s.setString(3, run.apiKeyId());
      s.setLong(4, run.receivedAt().toEpochMilli());
      s.setInt(5, run.summary().exitStatus());
      s.setString(6, run.summary().toJson());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Lists a client's runs, newest first.
   *
   * @param clientId the client
   * @param limit at most this many
   * @return the runs
   */
  public List<StoredRun> recent(String clientId, int limit) {
    List<StoredRun> runs = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, client_id, api_key_id, received_at, summary FROM client_runs"
                    + " WHERE client_id = ? ORDER BY received_at DESC, id DESC")) {
      s.setString(1, clientId);
      s.setMaxRows(limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          runs.add(
              new StoredRun(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  Instant.ofEpochMilli(r.getLong(4)),
                  RunSummary.fromStored(r.getString(5))));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
