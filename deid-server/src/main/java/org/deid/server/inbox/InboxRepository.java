package org.deid.server.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;

/**
 * The inbox tables: rules ({@code inbox_rules}), the last complete content of each inbox path and
 * what was decided about it ({@code inbox_files}), and the jobs rules started ({@code
 * inbox_starts}). Plain JDBC that H2 and PostgreSQL both run. Thread-safe.
 */
public final class InboxRepository {
  private static final String RULE_COLUMNS =
      "id, client_id, path_glob, output_prefix, policy_version, created_at, updated_at";
  private static final String FILE_COLUMNS =
      "client_id, path_hash, path, sha256, size_bytes, generation, state, source, settle_until,"
          + " claimed_by, claimed_until, rule_id, job_id, reason";
  private static final String START_COLUMNS =
      "job_id, client_id, rule_id, path, sha256, size_bytes, generation, source, created_at";

  private final Database database;

  /**
   * Creates the repository.
   *
   * @param database a migrated database
   */
  public InboxRepository(Database database) {
    this.database = database;
  }

  /** The state of an inbox path. */
  enum FileState {
    /** Landed; waits until {@code settle_until} to be sure it is stable. */
    SETTLING,
    /** A node claimed it and is submitting its job. */
    STARTING,
    /** Its job was submitted. */
    STARTED,
    /** A rule matched but the job was refused (reason recorded). */
    REFUSED,
    /** No rule matched any more when it settled. */
    IGNORED,
    /** Deleted before it settled. */
    GONE
  }

  /** What recording a landing did. */
  enum Arrival {
    /** The path is new to the inbox. */
    NEW,
    /** The content differs from the last one seen: a new generation. */
    CHANGED,
    /** The same content as before: nothing to do. */
    UNCHANGED
  }

  /**
   * One row of {@code inbox_files}.
   *
   * @param clientId the client
   * @param pathHash SHA-256 of the path (the key column)
   * @param path the key
   * @param sha256 the content digest
   * @param size the size
   * @param generation the content generation
   * @param state the state
   * @param source how it landed
   * @param settleUntil when it may start
   * @param claimedBy the node deciding it, if any
   * @param claimedUntil until when the claim holds
   * @param ruleId the rule chosen, once claimed
   * @param jobId the job started, if any
   * @param reason why it was refused or ignored
   */
  record FileRow(
      String clientId,
      String pathHash,
      String path,
      String sha256,
      long size,
      long generation,
      FileState state,
      String source,
      Instant settleUntil,
      Optional<String> claimedBy,
      Optional<Instant> claimedUntil,
      Optional<String> ruleId,
      Optional<String> jobId,
      Optional<String> reason) {}

  static String pathHash(String path) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  // ---- rules

  /**
   * Inserts a rule, or updates the output and policy version of the client's rule with the same
   * glob.
   *
   * @param rule the rule (its id is used only when inserting)
   * @return the stored rule
   */
  InboxRule upsertRule(InboxRule rule) {
    for (int attempt = 0; ; attempt++) {
      try {
        return database.inTransaction(
            c -> {
              Optional<InboxRule> existing =
                  queryRules(
                          c,
                          "SELECT "
                              + RULE_COLUMNS
                              + " FROM inbox_rules WHERE client_id = ? AND path_glob = ?"
                              + " FOR UPDATE",
                          rule.clientId(),
                          rule.pathGlob())
                      .stream()
                      .findFirst();
              if (existing.isPresent()) {
                try (PreparedStatement s =
                    c.prepareStatement(
                        "UPDATE inbox_rules SET output_prefix = ?, policy_version = ?,"
                            + " updated_at = ? WHERE id = ?")) {
                  s.setString(1, rule.outputPrefix());
                  setVersion(s, 2, rule.policyVersion());
                  s.setLong(3, rule.updatedAt().toEpochMilli());
                  s.setString(4, existing.get().id());
                  s.executeUpdate();
                }
                return new InboxRule(
                    existing.get().id(),
                    rule.clientId(),
                    rule.pathGlob(),
                    rule.outputPrefix(),
                    rule.policyVersion(),
                    existing.get().createdAt(),
                    rule.updatedAt());
              }
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO inbox_rules ("
                          + RULE_COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, rule.id());
                s.setString(2, rule.clientId());
                s.setString(3, rule.pathGlob());
                s.setString(4, rule.outputPrefix());
                setVersion(s, 5, rule.policyVersion());
                s.setLong(6, rule.createdAt().toEpochMilli());
                s.setLong(7, rule.updatedAt().toEpochMilli());
                s.executeUpdate();
              }
              return rule;
            });
      } catch (DatabaseException e) {
        if (attempt > 0 || !isUniqueViolation(e)) {
          throw e;
        }
        // inserted concurrently by another call: the second attempt updates it
      }
    }
  }

  /**
   * Lists a client's rules, oldest first (the order in which they are tried).
   *
   * @param clientId the client
   * @return the rules
   */
  List<InboxRule> rules(String clientId) {
    return withConnection(
        c ->
            queryRules(
                c,
                "SELECT "
                    + RULE_COLUMNS
                    + " FROM inbox_rules WHERE client_id = ? ORDER BY created_at, id",
                clientId));
  }

  /**
   * Lists every rule of every client.
   *
   * @return the rules, by client then age
   */
  List<InboxRule> allRules() {
    return withConnection(
        c ->
            queryRules(
                c,
                "SELECT " + RULE_COLUMNS + " FROM inbox_rules ORDER BY client_id, created_at, id"));
  }

  /**
   * Finds a client's rule.
   *
   * @param clientId the client
   * @param ruleId the rule
   * @return the rule, empty if it does not exist for this client
   */
  Optional<InboxRule> rule(String clientId, String ruleId) {
    return withConnection(
            c ->
                queryRules(
                    c,
                    "SELECT " + RULE_COLUMNS + " FROM inbox_rules WHERE client_id = ? AND id = ?",
                    clientId,
                    ruleId))
        .stream()
        .findFirst();
  }

  /**
   * Deletes a client's rule.
   *
   * @param clientId the client
   * @param ruleId the rule
   * @return false if there was no such rule
   */
  boolean deleteRule(String clientId, String ruleId) {
    return withConnection(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM inbox_rules WHERE client_id = ? AND id = ?")) {
            s.setString(1, clientId);
            s.setString(2, ruleId);
            return s.executeUpdate() == 1;
          }
        });
  }

  // ---- files

  /**
   * Records that complete content landed under a path: a new path or a new content starts to
   * settle; the same content as last time changes nothing (a running settle is extended).
   *
   * @param clientId the client
   * @param path the key
   * @param sha256 the content digest
   * @param size the size
   * @param source how it landed
   * @param settleUntil when it may start
   * @param now the current time
   * @return what changed
   */
  Arrival recordArrival(
      String clientId,
      String path,
      String sha256,
      long size,
      String source,
      Instant settleUntil,
      Instant now) {
    String hash = pathHash(path);
    for (int attempt = 0; ; attempt++) {
      try {
        return database.inTransaction(
            c -> {
              Optional<FileRow> existing = lockFile(c, clientId, hash);
              if (existing.isEmpty()) {
                try (PreparedStatement s =
                    c.prepareStatement(
                        "INSERT INTO inbox_files (client_id, path_hash, path, sha256, size_bytes,"
                            + " generation, state, source, settle_until, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, 1, 'SETTLING', ?, ?, ?)")) {
                  s.setString(1, clientId);
                  s.setString(2, hash);
                  s.setString(3, path);
                  s.setString(4, sha256);
                  s.setLong(5, size);
                  s.setString(6, source);
                  s.setLong(7, settleUntil.toEpochMilli());
                  s.setLong(8, now.toEpochMilli());
                  s.executeUpdate();
                }
                return Arrival.NEW;
              }
              FileRow row = existing.get();
              if (row.sha256().equals(sha256)) {
                if (row.state() == FileState.SETTLING && row.settleUntil().isBefore(settleUntil)) {
                  update(
                      c,
                      "UPDATE inbox_files SET settle_until = ?, updated_at = ?"
                          + " WHERE client_id = ? AND path_hash = ?",
                      settleUntil.toEpochMilli(),
                      now.toEpochMilli(),
                      clientId,
                      hash);
                }
                return Arrival.UNCHANGED;
              }
              update(
                  c,
                  "UPDATE inbox_files SET sha256 = ?, size_bytes = ?, generation = generation + 1,"
                      + " state = 'SETTLING', source = ?, settle_until = ?, claimed_by = NULL,"
                      + " claimed_until = NULL, rule_id = NULL, job_id = NULL, reason = NULL,"
                      + " updated_at = ? WHERE client_id = ? AND path_hash = ?",
                  sha256,
                  size,
                  source,
                  settleUntil.toEpochMilli(),
                  now.toEpochMilli(),
                  clientId,
                  hash);
              return Arrival.CHANGED;
            });
      } catch (DatabaseException e) {
        if (attempt > 0 || !isUniqueViolation(e)) {
          throw e;
        }
        // another node inserted the same path at the same moment: compare with its row
      }
    }
  }

  /**
   * Finds the inbox row of a path.
   *
   * @param clientId the client
   * @param path the key
   * @return the row, empty if the path never landed under a rule
   */
  Optional<FileRow> file(String clientId, String path) {
    return withConnection(
            c ->
                queryFiles(
                    c,
                    "SELECT "
                        + FILE_COLUMNS
                        + " FROM inbox_files WHERE client_id = ? AND path_hash = ?",
                    clientId,
                    pathHash(path)))
        .stream()
        .findFirst();
  }

  /**
   * Lists rows that are due: settled, or claimed by a node whose claim expired.
   *
   * @param now the current time
   * @param limit the most rows
   * @return the rows
   */
  List<FileRow> due(Instant now, int limit) {
    return withConnection(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + FILE_COLUMNS
                      + " FROM inbox_files WHERE (state = 'SETTLING' AND settle_until <= ?)"
                      + " OR (state = 'STARTING' AND claimed_until < ?)"
                      + " ORDER BY settle_until LIMIT "
                      + limit)) {
            s.setLong(1, now.toEpochMilli());
            s.setLong(2, now.toEpochMilli());
            return readFiles(s);
          }
        });
  }

  /**
   * Claims a due row for one node: only one caller succeeds for a given generation.
   *
   * @param row the row as read
   * @param nodeId the claiming node
   * @param now the current time
   * @param until when the claim expires
   * @return the claimed row, empty if another node has it or it changed
   */
  Optional<FileRow> claim(FileRow row, String nodeId, Instant now, Instant until) {
    int changed =
        withConnection(
            c ->
                update(
                    c,
                    "UPDATE inbox_files SET state = 'STARTING', claimed_by = ?, claimed_until = ?,"
                        + " updated_at = ? WHERE client_id = ? AND path_hash = ? AND generation = ?"
                        + " AND ((state = 'SETTLING' AND settle_until <= ?)"
                        + " OR (state = 'STARTING' AND claimed_until < ?))",
                    nodeId,
                    until.toEpochMilli(),
                    now.toEpochMilli(),
                    row.clientId(),
                    row.pathHash(),
                    row.generation(),
                    now.toEpochMilli(),
                    now.toEpochMilli()));
    if (changed != 1) {
      return Optional.empty();
    }
    return withConnection(
            c ->
                queryFiles(
                    c,
                    "SELECT "
                        + FILE_COLUMNS
                        + " FROM inbox_files WHERE client_id = ? AND path_hash = ?",
                    row.clientId(),
                    row.pathHash()))
        .stream()
        .filter(r -> r.generation() == row.generation())
        .findFirst();
  }

  /**
   * Fixes the rule of a claimed row, so a retry after a crash submits the same request.
   *
   * @param row the claimed row
   * @param nodeId the node holding the claim
   * @param ruleId the rule
   * @return false if the claim was lost
   */
  boolean chooseRule(FileRow row, String nodeId, String ruleId) {
    return withConnection(
            c ->
                update(
                    c,
                    "UPDATE inbox_files SET rule_id = ? WHERE client_id = ? AND path_hash = ?"
                        + " AND generation = ? AND claimed_by = ? AND state = 'STARTING'",
                    ruleId,
                    row.clientId(),
                    row.pathHash(),
                    row.generation(),
                    nodeId))
        == 1;
  }

  /**
   * Ends a claimed row without a job.
   *
   * @param row the claimed row
   * @param nodeId the node holding the claim
   * @param state {@code REFUSED}, {@code IGNORED} or {@code GONE}
   * @param reason why
   * @param now the current time
   * @return false if the claim was lost (a newer content landed meanwhile)
   */
  boolean finish(FileRow row, String nodeId, FileState state, String reason, Instant now) {
    return withConnection(
            c ->
                update(
                    c,
                    "UPDATE inbox_files SET state = ?, reason = ?, claimed_by = NULL,"
                        + " claimed_until = NULL, updated_at = ? WHERE client_id = ? AND"
                        + " path_hash = ? AND generation = ? AND claimed_by = ?",
                    state.name(),
                    truncate(reason),
                    now.toEpochMilli(),
                    row.clientId(),
                    row.pathHash(),
                    row.generation(),
                    nodeId))
        == 1;
  }

  /**
   * Records, in the caller's transaction, that a job was started for a claimed row: the job's
   * origin is inserted (once per path, content and generation) and the row marked STARTED. Put this
   * first in its transaction: on a duplicate origin the insert fails and the transaction must be
   * rolled back.
   *
   * @param c the transaction
   * @param row the claimed row
   * @param ruleId the rule
   * @param jobId the job
   * @param now the current time
   * @throws SQLException a unique violation if the origin was already recorded
   */
  void recordStart(Connection c, FileRow row, String ruleId, String jobId, Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO inbox_starts (job_id, client_id, rule_id, path_hash, path, sha256,"
                + " size_bytes, generation, source, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, jobId);
      s.setString(2, row.clientId());
      s.setString(3, ruleId);
      s.setString(4, row.pathHash());
      s.setString(5, row.path());
      s.setString(6, row.sha256());
      s.setLong(7, row.size());
      s.setLong(8, row.generation());
      s.setString(9, row.source());
      s.setLong(10, now.toEpochMilli());
      s.executeUpdate();
    }
    update(
        c,
        "UPDATE inbox_files SET state = 'STARTED', job_id = ?, rule_id = ?, claimed_by = NULL,"
            + " claimed_until = NULL, updated_at = ? WHERE client_id = ? AND path_hash = ?"
            + " AND generation = ?",
        jobId,
        ruleId,
        now.toEpochMilli(),
        row.clientId(),
        row.pathHash(),
        row.generation());
  }

  /**
   * Marks a row STARTED whose origin another node already recorded (a retried claim).
   *
   * @param row the claimed row
   * @param nodeId the node holding the claim
   * @param jobId the job
   * @param now the current time
   */
  void markStarted(FileRow row, String nodeId, String jobId, Instant now) {
    withConnection(
        c ->
            update(
                c,
                "UPDATE inbox_files SET state = 'STARTED', job_id = ?, claimed_by = NULL,"
                    + " claimed_until = NULL, updated_at = ? WHERE client_id = ? AND"
                    + " path_hash = ? AND generation = ? AND claimed_by = ?",
                jobId,
                now.toEpochMilli(),
                row.clientId(),
                row.pathHash(),
                row.generation(),
                nodeId));
  }

  // ---- starts

  /**
   * Lists the jobs a client's rules started, newest first.
   *
   * @param clientId the client
   * @param limit the most entries
   * @return the starts
   */
  List<InboxStart> starts(String clientId, int limit) {
    return withConnection(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + START_COLUMNS
                      + " FROM inbox_starts WHERE client_id = ?"
                      + " ORDER BY created_at DESC, job_id LIMIT ?")) {
            s.setString(1, clientId);
            s.setInt(2, limit);
            return readStarts(s);
          }
        });
  }

  /**
   * Finds the origin of a client's job.
   *
   * @param clientId the client
   * @param jobId the job
   * @return the start, empty if no inbox rule started this job of this client
   */
  Optional<InboxStart> start(String clientId, String jobId) {
    return withConnection(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT "
                          + START_COLUMNS
                          + " FROM inbox_starts WHERE client_id = ? AND job_id = ?")) {
                s.setString(1, clientId);
                s.setString(2, jobId);
                return readStarts(s);
              }
            })
        .stream()
        .findFirst();
  }

  /**
   * Finds the origins of some of a client's jobs at once.
   *
   * @param clientId the client
   * @param jobIds the jobs (at most 1000)
   * @return the starts by job id; jobs no inbox rule of this client started are absent
   */
  Map<String, InboxStart> startsOf(String clientId, Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return Map.of();
    }
    List<String> ids = List.copyOf(new TreeSet<>(jobIds));
    String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
    return withConnection(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + START_COLUMNS
                      + " FROM inbox_starts WHERE client_id = ? AND job_id IN ("
                      + marks
                      + ")")) {
            s.setString(1, clientId);
            for (int i = 0; i < ids.size(); i++) {
              s.setString(i + 2, ids.get(i));
            }
            Map<String, InboxStart> found = new HashMap<>();
            for (InboxStart start : readStarts(s)) {
              found.put(start.jobId(), start);
            }
            return found;
          }
        });
  }

  // ---- plumbing

  boolean isUniqueViolation(DatabaseException e) {
    return e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql);
  }

  Database database() {
    return database;
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(Work<T> work) {
    try (Connection c = database.connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private static int update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      return s.executeUpdate();
    }
  }

  private static void setVersion(PreparedStatement s, int index, Optional<Integer> version)
      throws SQLException {
    if (version.isPresent()) {
      s.setInt(index, version.get());
    } else {
      s.setNull(index, Types.INTEGER);
    }
  }

  private static List<InboxRule> queryRules(Connection c, String sql, String... values)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      List<InboxRule> rules = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          int version = r.getInt(5);
          Optional<Integer> policyVersion = r.wasNull() ? Optional.empty() : Optional.of(version);
          rules.add(
              new InboxRule(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  policyVersion,
                  Instant.ofEpochMilli(r.getLong(6)),
                  Instant.ofEpochMilli(r.getLong(7))));
        }
      }
      return rules;
    }
  }

  private static Optional<FileRow> lockFile(Connection c, String clientId, String hash)
      throws SQLException {
    return queryFiles(
            c,
            "SELECT "
                + FILE_COLUMNS
                + " FROM inbox_files WHERE client_id = ? AND path_hash = ? FOR UPDATE",
            clientId,
            hash)
        .stream()
        .findFirst();
  }

  private static List<FileRow> queryFiles(Connection c, String sql, String... values)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      return readFiles(s);
    }
  }

  private static List<FileRow> readFiles(PreparedStatement s) throws SQLException {
    List<FileRow> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        long claimedUntil = r.getLong(11);
        Optional<Instant> until =
            r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(claimedUntil));
        rows.add(
            new FileRow(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getLong(5),
                r.getLong(6),
                FileState.valueOf(r.getString(7)),
                r.getString(8),
                Instant.ofEpochMilli(r.getLong(9)),
                Optional.ofNullable(r.getString(10)),
                until,
                Optional.ofNullable(r.getString(12)),
                Optional.ofNullable(r.getString(13)),
                Optional.ofNullable(r.getString(14))));
      }
    }
    return rows;
  }

  private static List<InboxStart> readStarts(PreparedStatement s) throws SQLException {
    List<InboxStart> starts = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        starts.add(
            new InboxStart(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getLong(6),
                r.getLong(7),
                r.getString(8),
                Instant.ofEpochMilli(r.getLong(9))));
      }
    }
    return starts;
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
  }
}
