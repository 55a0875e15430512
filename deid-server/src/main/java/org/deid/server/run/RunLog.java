package org.deid.server.run;

import java.time.Instant;
import java.util.List;
import org.deid.server.db.Database;

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
    database.update(
        "INSERT INTO client_runs (id, client_id, api_key_id, received_at, exit_status, summary)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        run.id(),
        run.clientId(),
        run.apiKeyId(),
        run.receivedAt().toEpochMilli(),
        run.summary().exitStatus(),
        run.summary().toJson());
  }

  /**
   * Lists a client's runs, newest first.
   *
   * @param clientId the client
   * @param limit at most this many
   * @return the runs
   */
  public List<StoredRun> recent(String clientId, int limit) {
    return database.query(
        "SELECT id, client_id, api_key_id, received_at, summary FROM client_runs"
            + " WHERE client_id = ? ORDER BY received_at DESC, id DESC LIMIT ?",
        r ->
            new StoredRun(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                Instant.ofEpochMilli(r.getLong(4)),
                RunSummary.fromStored(r.getString(5))),
        clientId,
        limit);
  }
}
