package org.deid.server.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;
import org.deid.server.db.Sql;

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
  public Wakeups wakeOnQueued(QueueSignal signal) {
    Optional<QueueListener> listener = QueueListener.start(database, signal);
    return () -> listener.ifPresent(QueueListener::close);
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
            Job queued = moveTo(c, submitted, JobState.QUEUED, null, now, null, "");
            notifyQueued(c);
            return queued;
          });
    } catch (DatabaseException e) {
      if (database.isUniqueViolation(e) && spec.idempotencyKey().isPresent()) {
        return findByIdempotencyKey(spec.clientId(), spec.idempotencyKey().get()).orElseThrow();
      }
      throw e;
    }
  }

  /**
   * Tells the workers of other processes that a job is due ({@link QueueListener}); PostgreSQL
   * delivers the notification when the transaction commits, and not at all if it rolls back.
   */
  private void notifyQueued(Connection c) throws SQLException {
    if (database.dialect().hasQueueNotifications()) {
      try (Statement s = c.createStatement()) {
        s.execute("NOTIFY " + QueueListener.CHANNEL);
      }
    }
  }

  private void insert(Connection c, String jobId, JobSpec spec, Instant now) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO jobs (id, client_id, state, priority, policy_version, keys_version,"
            + " inputs, output_prefix, idempotency_key, attempts, max_attempts, next_run_at,"
            + " cancel_requested, rows_done, rows_read, rows_written, rows_rejected, outputs,"
            + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?,"
            + " FALSE, 0, 0, 0, 0, '[]', ?, ?, 0)",
        jobId,
        spec.clientId(),
        JobState.SUBMITTED.name(),
        spec.priority(),
        spec.policyVersion(),
        spec.keysVersion(),
        toJson(spec.inputs()),
        spec.outputPrefix(),
        spec.idempotencyKey().orElse(null),
        spec.maxAttempts(),
        now.toEpochMilli(),
        now.toEpochMilli(),
        now.toEpochMilli());
  }

  private Optional<Job> findByIdempotencyKey(String clientId, String key) {
    return database.queryFirst(
        "SELECT " + COLUMNS + " FROM jobs WHERE client_id = ? AND idempotency_key = ?",
        this::read,
        clientId,
        key);
  }

  @Override
  public Optional<Job> find(String clientId, String jobId) {
    return database.queryFirst(
        "SELECT " + COLUMNS + " FROM jobs WHERE client_id = ? AND id = ?",
        this::read,
        clientId,
        jobId);
  }

  @Override
  public List<Job> list(String clientId, JobListQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(COLUMNS).append(" FROM jobs WHERE client_id = ?");
    List<Object> parameters = new ArrayList<>();
    parameters.add(clientId);
    query
        .state()
        .ifPresent(
            state -> {
              sql.append(" AND state = ?");
              parameters.add(state.name());
            });
    query
        .after()
        .ifPresent(
            position -> {
              long millis = position.createdAt().toEpochMilli();
              sql.append(" AND (created_at < ? OR (created_at = ? AND id > ?))");
              parameters.add(millis);
              parameters.add(millis);
              parameters.add(position.jobId());
            });
    sql.append(" ORDER BY created_at DESC, id LIMIT ?");
    parameters.add(query.limit());
    return database.query(sql.toString(), this::read, parameters.toArray());
  }

  @Override
  public List<Job> claimBatch(String workerId, Instant now, Duration lease, int max) {
    return database.inTransaction(
        c -> {
          List<String> ids =
              Sql.query(
                  c,
                  "SELECT id FROM jobs WHERE state = 'QUEUED' AND next_run_at <= ?"
                      + " ORDER BY priority DESC, next_run_at, created_at"
                      + database.dialect().limitForUpdateSkipLocked(max),
                  r -> r.getString(1),
                  now.toEpochMilli());
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
    Map<String, Job> byId = new java.util.HashMap<>();
    for (Job job :
        Sql.query(
            c,
            "SELECT " + COLUMNS + " FROM jobs WHERE id IN (" + marks + ")",
            this::read,
            ids.toArray())) {
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

  @Override
  public HeartbeatOutcome heartbeat(
      String jobId, String workerId, Instant now, Duration lease, long rowsDone) {
    return database.withConnection(
        c -> {
          int renewed =
              Sql.update(
                  c,
                  "UPDATE jobs SET lease_until = ?, rows_done = ?, updated_at = ?,"
                      + " version = version + 1"
                      + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?",
                  now.plus(lease).toEpochMilli(),
                  rowsDone,
                  now.toEpochMilli(),
                  jobId,
                  workerId);
          if (renewed != 1) {
            return HeartbeatOutcome.LOST;
          }
          boolean cancel =
              Sql.queryFirst(
                      c,
                      "SELECT cancel_requested FROM jobs WHERE id = ?",
                      r -> r.getBoolean(1),
                      jobId)
                  .orElse(false);
          return cancel ? HeartbeatOutcome.CANCEL_REQUESTED : HeartbeatOutcome.HELD;
        });
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
    boolean released =
        finishHeld(
            jobId,
            workerId,
            JobState.QUEUED,
            "returned to the queue at shutdown",
            now,
            ", attempts = attempts - 1, next_run_at = ?, lease_owner = NULL, lease_until = NULL",
            now.toEpochMilli());
    if (released) {
      // due at once: another process's idle worker may take it without waiting for its poll
      database.withConnection(
          c -> {
            notifyQueued(c);
            return null;
          });
    }
    return released;
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
          int changed =
              Sql.update(
                  c,
                  "UPDATE jobs SET state = ?, reason = ?, updated_at = ?, version = version + 1"
                      + extraSets
                      + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?",
                  changeParams(to, reason, now, extraValues, jobId, workerId));
          if (changed != 1) {
            return false;
          }
          long eventId =
              Sql.insertReturningId(
                  c,
                  "INSERT INTO job_events (job_id, client_id, from_state, to_state, attempt,"
                      + " reason, at, worker_id) SELECT id, client_id, 'RUNNING', ?, attempts, ?,"
                      + " ?, ? FROM jobs WHERE id = ?",
                  to.name(),
                  reason,
                  now.toEpochMilli(),
                  workerId,
                  jobId);
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
            Sql.update(
                c,
                "UPDATE jobs SET cancel_requested = TRUE, updated_at = ?,"
                    + " version = version + 1 WHERE id = ?",
                now.toEpochMilli(),
                jobId);
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
          List<Job> expired =
              Sql.query(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM jobs WHERE state = 'RUNNING' AND lease_until < ?"
                      + " ORDER BY lease_until"
                      + database.dialect().limitForUpdateSkipLocked(REAP_BATCH),
                  this::read,
                  now.toEpochMilli());
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
    return database.query(
        "SELECT id, job_id, client_id, from_state, to_state, attempt, reason, at,"
            + " worker_id FROM job_events WHERE client_id = ? AND job_id = ? ORDER BY id",
        r ->
            new JobEvent(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                Optional.ofNullable(r.getString(4)).map(JobState::valueOf),
                JobState.valueOf(r.getString(5)),
                r.getInt(6),
                Optional.ofNullable(r.getString(7)),
                Instant.ofEpochMilli(r.getLong(8)),
                Optional.ofNullable(r.getString(9))),
        clientId,
        jobId);
  }

  @Override
  public Map<JobState, Long> countByState() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      counts.put(state, 0L);
    }
    for (Map.Entry<JobState, Long> count :
        database.query(
            "SELECT state, COUNT(*) FROM jobs GROUP BY state",
            r -> Map.entry(JobState.valueOf(r.getString(1)), r.getLong(2)))) {
      counts.put(count.getKey(), count.getValue());
    }
    return counts;
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
    int changed =
        Sql.update(
            c,
            "UPDATE jobs SET state = ?, reason = ?, updated_at = ?, version = version + 1"
                + extraSets
                + " WHERE id = ? AND version = ?",
            changeParams(to, reason, now, extraValues, job.id(), job.version()));
    if (changed != 1) {
      throw new IllegalStateException("job " + job.id() + " changed concurrently");
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
    return Sql.insertReturningId(
        c,
        "INSERT INTO job_events (job_id, client_id, from_state, to_state, attempt, reason, at,"
            + " worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        jobId,
        clientId,
        from == null ? null : from.name(),
        to.name(),
        attempt,
        reason,
        now.toEpochMilli(),
        workerId);
  }

  /**
   * The parameters of a checked state change, in the order of its SQL: the new state, reason and
   * time, the values of the extra SETs, then the guard's.
   */
  private static Object[] changeParams(
      JobState to, String reason, Instant now, Object[] extraValues, Object... guard) {
    List<Object> params = new ArrayList<>(Arrays.asList(to.name(), reason, now.toEpochMilli()));
    params.addAll(Arrays.asList(extraValues));
    params.addAll(Arrays.asList(guard));
    return params.toArray();
  }

  /** E-mail goes out on success and failure; webhooks on every terminal state. */
  private static void scheduleNotifications(Connection c, long eventId, JobState to, Instant now)
      throws SQLException {
    boolean mail = to == JobState.SUCCEEDED || to == JobState.FAILED;
    Sql.update(
        c,
        "INSERT INTO deliveries (event_id, client_id, channel, target, status, attempts,"
            + " next_attempt_at, created_at)"
            + " SELECT e.id, t.client_id, t.channel, t.target, 'PENDING', 0, ?, ?"
            + " FROM job_events e JOIN notification_targets t ON t.client_id = e.client_id"
            + " WHERE e.id = ? AND (t.channel = 'WEBHOOK' OR (t.channel = 'EMAIL' AND ?))",
        now.toEpochMilli(),
        now.toEpochMilli(),
        eventId,
        mail);
  }

  private Optional<Job> lockRow(Connection c, String jobId) throws SQLException {
    return Sql.queryFirst(
        c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ? FOR UPDATE", this::read, jobId);
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
