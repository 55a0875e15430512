package org.deid.server.job;

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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;

/**
 * The {@link JobStore} over JDBC: all the queue's hand-written SQL lives in this class. Claims use
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} so concurrent workers (threads or processes) never
 * claim the same job; every update checks the version column or the lease owner.
 */
public final class JdbcJobStore implements JobStore {
  private static final String COLUMNS =
      "id, client_id, state, priority, policy_version, keys_version, inputs, output_prefix,"
          + " idempotency_key, attempts, max_attempts, next_run_at, lease_owner, rows_done,"
          + " cancel_requested, outputs, reason, created_at, updated_at, finished_at, version";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<JobOutput>> OUTPUTS = new TypeReference<>() {};

  private static final int REAP_BATCH = 100;

  private final Database database;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the store.
   *
   * @param database a migrated database
   */
  public JdbcJobStore(Database database) {
    this.database = database;
  }

  @Override
  public Job submit(String jobId, JobSpec spec, Instant now) {
    if (spec.idempotencyKey().isPresent()) {
      Optional<Job> earlier = findByIdempotencyKey(spec.clientId(), spec.idempotencyKey().get());
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    try {
      return database.inTransaction(
          c -> {
            insert(c, jobId, spec, now);
            recordEvent(c, jobId, spec.clientId(), null, JobState.SUBMITTED, 0, null, now, null);
            Job submitted = lockRow(c, jobId).orElseThrow();
            return moveTo(c, submitted, JobState.QUEUED, null, now, null, "");
          });
    } catch (DatabaseException e) {
      if (e.getCause() instanceof SQLException sql
          && database.dialect().isUniqueViolation(sql)
          && spec.idempotencyKey().isPresent()) {
        return findByIdempotencyKey(spec.clientId(), spec.idempotencyKey().get()).orElseThrow();
      }
      throw e;
    }
  }

  private void insert(Connection c, String jobId, JobSpec spec, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO jobs (id, client_id, state, priority, policy_version, keys_version,"
                + " inputs, output_prefix, idempotency_key, attempts, max_attempts, next_run_at,"
                + " cancel_requested, rows_done, rows_read, rows_written, rows_rejected, outputs,"
                + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?,"
                + " FALSE, 0, 0, 0, 0, '[]', ?, ?, 0)")) {
      s.setString(1, jobId);
      s.setString(2, spec.clientId());
      s.setString(3, JobState.SUBMITTED.name());
      s.setInt(4, spec.priority());
      s.setInt(5, spec.policyVersion());
      s.setInt(6, spec.keysVersion());
      s.setString(7, toJson(spec.inputs()));
      s.setString(8, spec.outputPrefix());
      s.setString(9, spec.idempotencyKey().orElse(null));
      s.setInt(10, spec.maxAttempts());
      s.setLong(11, now.toEpochMilli());
      s.setLong(12, now.toEpochMilli());
      s.setLong(13, now.toEpochMilli());
      s.executeUpdate();
    }
  }

  private Optional<Job> findByIdempotencyKey(String clientId, String key) {
    return queryOne(
        "SELECT " + COLUMNS + " FROM jobs WHERE client_id = ? AND idempotency_key = ?",
        clientId,
        key);
  }

  @Override
  public Optional<Job> find(String clientId, String jobId) {
    return queryOne(
        "SELECT " + COLUMNS + " FROM jobs WHERE client_id = ? AND id = ?", clientId, jobId);
  }

  @Override
  public List<Job> list(String clientId, int limit) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM jobs WHERE client_id = ? ORDER BY created_at DESC, id LIMIT ?")) {
      s.setString(1, clientId);
      s.setInt(2, limit);
      return readAll(s);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  @Override
  public List<Job> claimBatch(String workerId, Instant now, Duration lease, int max) {
    return database.inTransaction(
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id FROM jobs WHERE state = 'QUEUED' AND next_run_at <= ?"
                      + " ORDER BY priority DESC, next_run_at, created_at"
                      + database.dialect().limitForUpdateSkipLocked(max))) {
            s.setLong(1, now.toEpochMilli());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                ids.add(r.getString(1));
              }
            }
          }
          if (ids.isEmpty()) {
            return List.<Job>of();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE jobs SET state = 'RUNNING', reason = NULL, updated_at = ?,"
                      + " version = version + 1, attempts = attempts + 1, lease_owner = ?,"
                      + " lease_until = ?, started_at = ?, rows_done = 0"
                      + " WHERE id = ? AND state = 'QUEUED'")) {
            for (String id : ids) {
              s.setLong(1, now.toEpochMilli());
              s.setString(2, workerId);
              s.setLong(3, now.plus(lease).toEpochMilli());
              s.setLong(4, now.toEpochMilli());
              s.setString(5, id);
              s.addBatch();
            }
            s.executeBatch();
          }
          List<Job> claimed = readByIds(c, ids);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO job_events (job_id, client_id, from_state, to_state, attempt,"
                      + " reason, at, worker_id) VALUES (?, ?, 'QUEUED', 'RUNNING', ?, NULL, ?, ?)")) {
            for (Job job : claimed) {
              s.setString(1, job.id());
              s.setString(2, job.clientId());
              s.setInt(3, job.attempts());
              s.setLong(4, now.toEpochMilli());
              s.setString(5, workerId);
              s.addBatch();
            }
            s.executeBatch();
          }
          return claimed;
        });
  }

  /** Reads rows locked by this transaction, in the order of the ids. */
  private List<Job> readByIds(Connection c, List<String> ids) throws SQLException {
    String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id IN (" + marks + ")")) {
      for (int i = 0; i < ids.size(); i++) {
        s.setString(i + 1, ids.get(i));
      }
      Map<String, Job> byId = new java.util.HashMap<>();
      for (Job job : readAll(s)) {
        byId.put(job.id(), job);
      }
      List<Job> ordered = new ArrayList<>();
      for (String id : ids) {
        Job job = byId.get(id);
        if (job != null && job.state() == JobState.RUNNING) {
          ordered.add(job);
        }
      }
      return ordered;
    }
  }

  @Override
  public HeartbeatOutcome heartbeat(
      String jobId, String workerId, Instant now, Duration lease, long rowsDone) {
    try (Connection c = database.connection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE jobs SET lease_until = ?, rows_done = ?, updated_at = ?,"
                  + " version = version + 1"
                  + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?")) {
        s.setLong(1, now.plus(lease).toEpochMilli());
        s.setLong(2, rowsDone);
        s.setLong(3, now.toEpochMilli());
        s.setString(4, jobId);
        s.setString(5, workerId);
        if (s.executeUpdate() != 1) {
          return HeartbeatOutcome.LOST;
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("SELECT cancel_requested FROM jobs WHERE id = ?")) {
        s.setString(1, jobId);
        try (ResultSet r = s.executeQuery()) {
          return r.next() && r.getBoolean(1)
              ? HeartbeatOutcome.CANCEL_REQUESTED
              : HeartbeatOutcome.HELD;
        }
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  @Override
  public boolean succeed(String jobId, String workerId, List<JobOutput> outputs, Instant now) {
    long read = outputs.stream().mapToLong(JobOutput::rowsRead).sum();
    long written = outputs.stream().mapToLong(JobOutput::rowsWritten).sum();
    long rejected = outputs.stream().mapToLong(JobOutput::rowsRejected).sum();
    return finishHeld(
        jobId,
        workerId,
        JobState.SUCCEEDED,
        null,
        now,
        ", outputs = ?, rows_read = ?, rows_written = ?, rows_rejected = ?, rows_done = ?,"
            + " finished_at = ?, lease_owner = NULL, lease_until = NULL",
        toJson(outputs),
        read,
        written,
        rejected,
        read,
        now.toEpochMilli());
  }

  @Override
  public boolean retry(
      String jobId, String workerId, String reason, Instant nextRunAt, Instant now) {
    return finishHeld(
        jobId,
        workerId,
        JobState.QUEUED,
        reason,
        now,
        ", next_run_at = ?, lease_owner = NULL, lease_until = NULL",
        nextRunAt.toEpochMilli());
  }

  @Override
  public boolean fail(String jobId, String workerId, String reason, Instant now) {
    return finishHeld(
        jobId,
        workerId,
        JobState.FAILED,
        reason,
        now,
        ", finished_at = ?, lease_owner = NULL, lease_until = NULL",
        now.toEpochMilli());
  }

  @Override
  public boolean cancelRunning(String jobId, String workerId, Instant now) {
    return finishHeld(
        jobId,
        workerId,
        JobState.CANCELLED,
        "cancelled by the client",
        now,
        ", finished_at = ?, lease_owner = NULL, lease_until = NULL",
        now.toEpochMilli());
  }

  @Override
  public boolean release(String jobId, String workerId, Instant now) {
    return finishHeld(
        jobId,
        workerId,
        JobState.QUEUED,
        "returned to the queue at shutdown",
        now,
        ", attempts = attempts - 1, next_run_at = ?, lease_owner = NULL, lease_until = NULL",
        now.toEpochMilli());
  }

  /**
   * Ends or changes the attempt of the worker holding the lease: one guarded update (it changes
   * nothing if the lease was lost), the event and, if terminal, the notifications, in one
   * transaction.
   */
  private boolean finishHeld(
      String jobId,
      String workerId,
      JobState to,
      String reason,
      Instant now,
      String extraSets,
      Object... extraValues) {
    JobState.RUNNING.checkMoveTo(to);
    return database.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE jobs SET state = ?, reason = ?, updated_at = ?, version = version + 1"
                      + extraSets
                      + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?")) {
            int i = 1;
            s.setString(i++, to.name());
            s.setString(i++, reason);
            s.setLong(i++, now.toEpochMilli());
            for (Object value : extraValues) {
              s.setObject(i++, value);
            }
            s.setString(i++, jobId);
            s.setString(i, workerId);
            if (s.executeUpdate() != 1) {
              return false;
            }
          }
          long eventId;
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO job_events (job_id, client_id, from_state, to_state, attempt,"
                      + " reason, at, worker_id) SELECT id, client_id, 'RUNNING', ?, attempts, ?,"
                      + " ?, ? FROM jobs WHERE id = ?",
                  new String[] {"id"})) {
            s.setString(1, to.name());
            s.setString(2, reason);
            s.setLong(3, now.toEpochMilli());
            s.setString(4, workerId);
            s.setString(5, jobId);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
              keys.next();
              eventId = keys.getLong(1);
            }
          }
          if (to.isTerminal()) {
            scheduleNotifications(c, eventId, to, now);
          }
          return true;
        });
  }

  @Override
  public Optional<Job> requestCancel(String clientId, String jobId, Instant now) {
    return database.inTransaction(
        c -> {
          Optional<Job> found = lockRow(c, jobId).filter(j -> j.clientId().equals(clientId));
          if (found.isEmpty()) {
            return found;
          }
          Job job = found.get();
          if (job.state() == JobState.RUNNING) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE jobs SET cancel_requested = TRUE, updated_at = ?,"
                        + " version = version + 1 WHERE id = ?")) {
              s.setLong(1, now.toEpochMilli());
              s.setString(2, jobId);
              s.executeUpdate();
            }
            return lockRow(c, jobId);
          }
          if (job.state().canMoveTo(JobState.CANCELLED)) {
            return Optional.of(
                moveTo(
                    c,
                    job,
                    JobState.CANCELLED,
                    "cancelled by the client",
                    now,
                    null,
                    ", finished_at = ?",
                    now.toEpochMilli()));
          }
          return found;
        });
  }

  @Override
  public int reapExpiredLeases(Instant now, RetryPolicy retryPolicy) {
    int reaped = 0;
    int batch;
    do {
      batch = reapBatch(now, retryPolicy);
      reaped += batch;
    } while (batch == REAP_BATCH);
    return reaped;
  }

  /**
   * Takes back up to one batch of expired leases in one transaction; rows locked elsewhere wait.
   */
  private int reapBatch(Instant now, RetryPolicy retryPolicy) {
    return database.inTransaction(
        c -> {
          List<Job> expired;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM jobs WHERE state = 'RUNNING' AND lease_until < ?"
                      + " ORDER BY lease_until"
                      + database.dialect().limitForUpdateSkipLocked(REAP_BATCH))) {
            s.setLong(1, now.toEpochMilli());
            expired = readAll(s);
          }
          for (Job j : expired) {
            String reason = "worker stopped renewing its lease";
            String worker = j.leaseOwner().orElse(null);
            if (j.attempts() >= j.spec().maxAttempts()) {
              change(
                  c,
                  j,
                  JobState.FAILED,
                  reason + "; no attempts left",
                  now,
                  worker,
                  j.attempts(),
                  ", finished_at = ?, lease_owner = NULL, lease_until = NULL",
                  now.toEpochMilli());
            } else {
              Instant next = now.plus(retryPolicy.delayAfter(j.attempts()));
              change(
                  c,
                  j,
                  JobState.QUEUED,
                  reason,
                  now,
                  worker,
                  j.attempts(),
                  ", next_run_at = ?, lease_owner = NULL, lease_until = NULL",
                  next.toEpochMilli());
            }
          }
          return expired.size();
        });
  }

  @Override
  public List<JobEvent> events(String clientId, String jobId) {
    List<JobEvent> events = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, job_id, client_id, from_state, to_state, attempt, reason, at,"
                    + " worker_id FROM job_events WHERE client_id = ? AND job_id = ? ORDER BY id")) {
      s.setString(1, clientId);
      s.setString(2, jobId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String from = r.getString(4);
          events.add(
              new JobEvent(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  Optional.ofNullable(from).map(JobState::valueOf),
                  JobState.valueOf(r.getString(5)),
                  r.getInt(6),
                  Optional.ofNullable(r.getString(7)),
                  Instant.ofEpochMilli(r.getLong(8)),
                  Optional.ofNullable(r.getString(9))));
        }
      }
      return events;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  @Override
  public Map<JobState, Long> countByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      counts.put(state, 0L);
    }
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT state, COUNT(*) FROM jobs GROUP BY state");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        counts.put(JobState.valueOf(r.getString(1)), r.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Applies one checked transition and returns the job as it is now. */
  private Job moveTo(
      Connection c,
      Job job,
      JobState to,
      String reason,
      Instant now,
      String workerId,
      String extraSets,
      Object... extraValues)
      throws SQLException {
    change(c, job, to, reason, now, workerId, job.attempts(), extraSets, extraValues);
    return lockRow(c, job.id()).orElseThrow();
  }

  /**
   * Applies one checked transition (guarded by the version column), records its event and, if
   * terminal, its notifications, without reading the row back.
   */
  private void change(
      Connection c,
      Job job,
      JobState to,
      String reason,
      Instant now,
      String workerId,
      int attemptsAfter,
      String extraSets,
      Object... extraValues)
      throws SQLException {
    job.state().checkMoveTo(to);
    String sql =
        "UPDATE jobs SET state = ?, reason = ?, updated_at = ?,"
            + " version = version + 1"
            + extraSets
            + " WHERE id = ? AND version = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setString(i++, to.name());
      s.setString(i++, reason);
      s.setLong(i++, now.toEpochMilli());
      for (Object value : extraValues) {
        s.setObject(i++, value);
      }
      s.setString(i++, job.id());
      s.setLong(i, job.version());
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException("job " + job.id() + " changed concurrently");
      }
    }
    long eventId =
        recordEvent(
            c, job.id(), job.clientId(), job.state(), to, attemptsAfter, reason, now, workerId);
    if (to.isTerminal()) {
      scheduleNotifications(c, eventId, to, now);
    }
  }

  private static long recordEvent(
      Connection c,
      String jobId,
      String clientId,
      JobState from,
      JobState to,
      int attempt,
      String reason,
      Instant now,
      String workerId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO job_events (job_id, client_id, from_state, to_state, attempt, reason, at,"
                + " worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      s.setString(1, jobId);
      s.setString(2, clientId);
      s.setString(3, from == null ? null : from.name());
      s.setString(4, to.name());
      s.setInt(5, attempt);
      s.setString(6, reason);
      s.setLong(7, now.toEpochMilli());
      s.setString(8, workerId);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** E-mail goes out on success and failure; webhooks on every terminal state. */
  private static void scheduleNotifications(Connection c, long eventId, JobState to, Instant now)
      throws SQLException {
    boolean mail = to == JobState.SUCCEEDED || to == JobState.FAILED;
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO deliveries (event_id, client_id, channel, target, status, attempts,"
                + " next_attempt_at, created_at)"
                + " SELECT e.id, t.client_id, t.channel, t.target, 'PENDING', 0, ?, ?"
                + " FROM job_events e JOIN notification_targets t ON t.client_id = e.client_id"
                + " WHERE e.id = ? AND (t.channel = 'WEBHOOK' OR (t.channel = 'EMAIL' AND ?))")) {
      s.setLong(1, now.toEpochMilli());
      s.setLong(2, now.toEpochMilli());
      s.setLong(3, eventId);
      s.setBoolean(4, mail);
      s.executeUpdate();
    }
  }

  private Optional<Job> lockRow(Connection c, String jobId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ? FOR UPDATE")) {
      s.setString(1, jobId);
      List<Job> jobs = readAll(s);
      return jobs.stream().findFirst();
    }
  }

  private Optional<Job> queryOne(String sql, String first, String second) {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, first);
      s.setString(2, second);
      return readAll(s).stream().findFirst();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private List<Job> readAll(PreparedStatement s) throws SQLException {
    List<Job> jobs = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        jobs.add(read(r));
      }
    }
    return jobs;
  }

  private Job read(ResultSet r) throws SQLException {
    JobSpec spec =
        new JobSpec(
            r.getString("client_id"),
            fromJson(r.getString("inputs"), STRINGS),
            r.getString("output_prefix"),
            r.getInt("policy_version"),
            r.getInt("keys_version"),
            r.getInt("priority"),
            r.getInt("max_attempts"),
            Optional.ofNullable(r.getString("idempotency_key")));
    long finished = r.getLong("finished_at");
    Optional<Instant> finishedAt =
        r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
    return new Job(
        r.getString("id"),
        spec,
        JobState.valueOf(r.getString("state")),
        r.getInt("attempts"),
        Instant.ofEpochMilli(r.getLong("next_run_at")),
        Optional.ofNullable(r.getString("lease_owner")),
        r.getLong("rows_done"),
        r.getBoolean("cancel_requested"),
        fromJson(r.getString("outputs"), OUTPUTS),
        Optional.ofNullable(r.getString("reason")),
        Instant.ofEpochMilli(r.getLong("created_at")),
        Instant.ofEpochMilli(r.getLong("updated_at")),
        finishedAt,
        r.getLong("version"));
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode job column", e);
    }
  }

  private <T> T fromJson(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot decode job column", e);
    }
  }
}
