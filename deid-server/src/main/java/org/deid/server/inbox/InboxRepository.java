package org.deid.server.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
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
import org.deid.server.db.Sql;

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
                  Sql.queryFirst(
                      c,
                      "SELECT "
                          + RULE_COLUMNS
                          + " FROM inbox_rules WHERE client_id = ? AND path_glob = ? FOR UPDATE",
                      InboxRepository::rule,
                      rule.clientId(),
                      rule.pathGlob());
              if (existing.isPresent()) {
                Sql.update(
                    c,
                    "UPDATE inbox_rules SET output_prefix = ?, policy_version = ?, updated_at = ?"
                        + " WHERE id = ?",
                    rule.outputPrefix(),
                    version(rule.policyVersion()),
                    rule.updatedAt().toEpochMilli(),
                    existing.get().id());
                return new InboxRule(
                    existing.get().id(),
                    rule.clientId(),
                    rule.pathGlob(),
                    rule.outputPrefix(),
                    rule.policyVersion(),
                    existing.get().createdAt(),
                    rule.updatedAt());
              }
              Sql.update(
                  c,
                  "INSERT INTO inbox_rules (" + RULE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                  rule.id(),
                  rule.clientId(),
                  rule.pathGlob(),
                  rule.outputPrefix(),
                  version(rule.policyVersion()),
                  rule.createdAt().toEpochMilli(),
                  rule.updatedAt().toEpochMilli());
              return rule;
            });
      } catch (DatabaseException e) {
        if (attempt > 0 || !database.isUniqueViolation(e)) {
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
    return database.query(
        "SELECT " + RULE_COLUMNS + " FROM inbox_rules WHERE client_id = ? ORDER BY created_at, id",
        InboxRepository::rule,
        clientId);
  }

  /**
   * Lists every rule of every client.
   *
   * @return the rules, by client then age
   */
  List<InboxRule> allRules() {
    return database.query(
        "SELECT " + RULE_COLUMNS + " FROM inbox_rules ORDER BY client_id, created_at, id",
        InboxRepository::rule);
  }

  /**
   * Finds a client's rule.
   *
   * @param clientId the client
   * @param ruleId the rule
   * @return the rule, empty if it does not exist for this client
   */
  Optional<InboxRule> rule(String clientId, String ruleId) {
    return database.queryFirst(
        "SELECT " + RULE_COLUMNS + " FROM inbox_rules WHERE client_id = ? AND id = ?",
        InboxRepository::rule,
        clientId,
        ruleId);
  }

  /**
   * Deletes a client's rule.
   *
   * @param clientId the client
   * @param ruleId the rule
   * @return false if there was no such rule
   */
  boolean deleteRule(String clientId, String ruleId) {
    return database.update(
            "DELETE FROM inbox_rules WHERE client_id = ? AND id = ?", clientId, ruleId)
        == 1;
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
                Sql.update(
                    c,
                    "INSERT INTO inbox_files (client_id, path_hash, path, sha256, size_bytes,"
                        + " generation, state, source, settle_until, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 1, 'SETTLING', ?, ?, ?)",
                    clientId,
                    hash,
                    path,
                    sha256,
                    size,
                    source,
                    settleUntil.toEpochMilli(),
                    now.toEpochMilli());
                return Arrival.NEW;
              }
              FileRow row = existing.get();
              if (row.sha256().equals(sha256)) {
                if (row.state() == FileState.SETTLING && row.settleUntil().isBefore(settleUntil)) {
                  Sql.update(
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
              Sql.update(
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
        if (attempt > 0 || !database.isUniqueViolation(e)) {
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
    return database.queryFirst(
        "SELECT " + FILE_COLUMNS + " FROM inbox_files WHERE client_id = ? AND path_hash = ?",
        InboxRepository::fileRow,
        clientId,
        pathHash(path));
  }

  /**
   * Lists rows that are due: settled, or claimed by a node whose claim expired.
   *
   * @param now the current time
   * @param limit the most rows
   * @return the rows
   */
  List<FileRow> due(Instant now, int limit) {
    return database.query(
        "SELECT "
            + FILE_COLUMNS
            + " FROM inbox_files WHERE (state = 'SETTLING' AND settle_until <= ?)"
            + " OR (state = 'STARTING' AND claimed_until < ?)"
            + " ORDER BY settle_until LIMIT "
            + limit,
        InboxRepository::fileRow,
        now.toEpochMilli(),
        now.toEpochMilli());
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
        database.update(
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
            now.toEpochMilli());
    if (changed != 1) {
      return Optional.empty();
    }
    return file(row.clientId(), row.path()).filter(r -> r.generation() == row.generation());
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
    return database.update(
            "UPDATE inbox_files SET rule_id = ? WHERE client_id = ? AND path_hash = ?"
                + " AND generation = ? AND claimed_by = ? AND state = 'STARTING'",
            ruleId,
            row.clientId(),
            row.pathHash(),
            row.generation(),
            nodeId)
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
    return database.update(
            "UPDATE inbox_files SET state = ?, reason = ?, claimed_by = NULL,"
                + " claimed_until = NULL, updated_at = ? WHERE client_id = ? AND"
                + " path_hash = ? AND generation = ? AND claimed_by = ?",
            state.name(),
            truncate(reason),
            now.toEpochMilli(),
            row.clientId(),
            row.pathHash(),
            row.generation(),
            nodeId)
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
    Sql.update(
        c,
        "INSERT INTO inbox_starts (job_id, client_id, rule_id, path_hash, path, sha256,"
            + " size_bytes, generation, source, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        jobId,
        row.clientId(),
        ruleId,
        row.pathHash(),
        row.path(),
        row.sha256(),
        row.size(),
        row.generation(),
        row.source(),
        now.toEpochMilli());
    Sql.update(
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
    database.update(
        "UPDATE inbox_files SET state = 'STARTED', job_id = ?, claimed_by = NULL,"
            + " claimed_until = NULL, updated_at = ? WHERE client_id = ? AND"
            + " path_hash = ? AND generation = ? AND claimed_by = ?",
        jobId,
        now.toEpochMilli(),
        row.clientId(),
        row.pathHash(),
        row.generation(),
        nodeId);
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
    return database.query(
        "SELECT "
            + START_COLUMNS
            + " FROM inbox_starts WHERE client_id = ? ORDER BY created_at DESC, job_id LIMIT ?",
        InboxRepository::start,
        clientId,
        limit);
  }

  /**
   * Finds the origin of a client's job.
   *
   * @param clientId the client
   * @param jobId the job
   * @return the start, empty if no inbox rule started this job of this client
   */
  Optional<InboxStart> start(String clientId, String jobId) {
    return database.queryFirst(
        "SELECT " + START_COLUMNS + " FROM inbox_starts WHERE client_id = ? AND job_id = ?",
        InboxRepository::start,
        clientId,
        jobId);
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
    List<Object> params = new ArrayList<>();
    params.add(clientId);
    params.addAll(new TreeSet<>(jobIds));
    String marks = String.join(", ", Collections.nCopies(params.size() - 1, "?"));
    Map<String, InboxStart> found = new HashMap<>();
    for (InboxStart start :
        database.query(
            "SELECT "
                + START_COLUMNS
                + " FROM inbox_starts WHERE client_id = ? AND job_id IN ("
                + marks
                + ")",
            InboxRepository::start,
            params.toArray())) {
      found.put(start.jobId(), start);
    }
    return found;
  }

  // ---- plumbing

  Database database() {
    return database;
  }

  /** A policy version parameter: the number, or a NULL integer for "the current one". */
  private static Object version(Optional<Integer> version) {
    return version.isPresent() ? version.get() : Sql.nullOf(Types.INTEGER);
  }

  private static InboxRule rule(ResultSet r) throws SQLException {
    int version = r.getInt(5);
    Optional<Integer> policyVersion = r.wasNull() ? Optional.empty() : Optional.of(version);
    return new InboxRule(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        policyVersion,
        Instant.ofEpochMilli(r.getLong(6)),
        Instant.ofEpochMilli(r.getLong(7)));
  }

  private static Optional<FileRow> lockFile(Connection c, String clientId, String hash)
      throws SQLException {
    return Sql.queryFirst(
        c,
        "SELECT "
            + FILE_COLUMNS
            + " FROM inbox_files WHERE client_id = ? AND path_hash = ? FOR UPDATE",
        InboxRepository::fileRow,
        clientId,
        hash);
  }

  private static FileRow fileRow(ResultSet r) throws SQLException {
    long claimedUntil = r.getLong(11);
    Optional<Instant> until =
        r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(claimedUntil));
    return new FileRow(
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
        Optional.ofNullable(r.getString(14)));
  }

  private static InboxStart start(ResultSet r) throws SQLException {
    return new InboxStart(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getLong(6),
        r.getLong(7),
        r.getString(8),
        Instant.ofEpochMilli(r.getLong(9)));
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
  }
}
