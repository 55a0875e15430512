package org.deid.server.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.deid.server.config.ConfigException;
import org.deid.server.config.MasterKey;

/**
 * Facts about the installation kept in the {@code instance_facts} table, checked by every process
 * at start. The first process seals a known value under its master key; every later process
 * (another API node, a worker) must open it, so a process started with another master key refuses
 * to start instead of failing every job it claims. Thread-safe.
 */
public final class InstanceFacts {
  private static final String MASTER_KEY_CHECK = "master-key-check";
  private static final String CHECK_CONTEXT = "deid:instance:" + MASTER_KEY_CHECK;
  private static final byte[] CHECK_VALUE =
      "deid master key check v1".getBytes(StandardCharsets.US_ASCII);

  private final Database database;

  /**
   * Creates the repository.
   *
   * @param database a migrated database
   */
  public InstanceFacts(Database database) {
    this.database = database;
  }

  /**
   * Checks that a master key is the one this database's values were sealed with (recording it on
   * the very first start).
   *
   * @param masterKey the key this process loaded
   * @param now the current time
   * @throws ConfigException if the key does not open the recorded check value
   */
  public void verifyMasterKey(MasterKey masterKey, Instant now) {
    Optional<byte[]> recorded = read(MASTER_KEY_CHECK);
    if (recorded.isEmpty()) {
      insertIfAbsent(MASTER_KEY_CHECK, masterKey.seal(CHECK_VALUE, CHECK_CONTEXT), now);
      recorded = read(MASTER_KEY_CHECK);
    }
    try {
      masterKey.open(recorded.orElseThrow(), CHECK_CONTEXT);
    } catch (ConfigException e) {
      throw new ConfigException(
          "the master key is not the one this database was created with"
              + " (check DEID_MASTER_KEY_FILE / DEID_MASTER_KEY on this host)");
    }
  }

  /**
   * Records a fact once: of several processes racing, exactly one gets true.
   *
   * @param name the fact
   * @param value its value
   * @param now the current time
   * @return true if this call recorded it, false if it was recorded already
   */
  public boolean insertIfAbsent(String name, byte[] value, Instant now) {
    return database.insertUnlessDuplicate(
        "INSERT INTO instance_facts (name, content, created_at) VALUES (?, ?, ?)",
        name,
        value,
        now.toEpochMilli());
  }

  /**
   * Reads a fact.
   *
   * @param name the fact
   * @return its value, if recorded
   */
  public Optional<byte[]> read(String name) {
    return database.queryFirst(
        "SELECT content FROM instance_facts WHERE name = ?", r -> r.getBytes(1), name);
  }
}
