package org.deid.server.auth;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;
import org.deid.server.db.Sql;

/** API key digests and who holds them, over JDBC. Never sees a key in clear. Thread-safe. */
public final class ApiKeyRepository {
  private final Database database;

  /**
   * Creates the repository.
   *
   * @param database a migrated database
   */
  public ApiKeyRepository(Database database) {
    this.database = database;
  }

  /**
   * Stores an API key digest.
   *
   * @param keyId the key id
   * @param clientId the client, empty for an admin key
   * @param keyHash the digest of the key
   * @param now the current time
   */
  public void insertApiKey(String keyId, Optional<String> clientId, String keyHash, Instant now) {
    insertApiKey(keyId, clientId, keyHash, now, Optional.empty());
  }

  /**
   * Stores an API key digest that stops working at a given time.
   *
   * @param keyId the key id
   * @param clientId the client, empty for an admin key
   * @param keyHash the digest of the key
   * @param now the current time
   * @param expiresAt when the key stops working, empty for never
   */
  public void insertApiKey(
      String keyId,
      Optional<String> clientId,
      String keyHash,
      Instant now,
      Optional<Instant> expiresAt) {
    database.update(
        "INSERT INTO api_keys (id, client_id, is_admin, key_hash, created_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        keyId,
        clientId.orElse(null),
        clientId.isEmpty(),
        keyHash,
        now.toEpochMilli(),
        expiresAt.<Object>map(Instant::toEpochMilli).orElse(Sql.nullOf(Types.BIGINT)));
  }

  /** What a presented key is. */
  public enum KeyStatus {
    /** Valid now. */
    ACTIVE,
    /** Known, not revoked, but past its expiry. */
    EXPIRED,
    /** Unknown or revoked. */
    INVALID
  }

  /**
   * Stores the first admin key unless one was ever issued: of several API nodes starting at once on
   * one database, exactly one succeeds (a unique row in {@code instance_facts}, written in the same
   * transaction as the key).
   *
   * @param keyId the key id
   * @param keyHash the digest of the key
   * @param now the current time
   * @return false if a first admin key was issued already (nothing stored)
   */
  public boolean insertFirstAdminKey(String keyId, String keyHash, Instant now) {
    try {
      return database.inTransaction(
          c -> {
            Sql.update(
                c,
                "INSERT INTO instance_facts (name, content, created_at) VALUES (?, ?, ?)",
                "first-admin-key",
                keyId.getBytes(StandardCharsets.US_ASCII),
                now.toEpochMilli());
            Sql.update(
                c,
                "INSERT INTO api_keys (id, client_id, is_admin, key_hash, created_at)"
                    + " VALUES (?, NULL, TRUE, ?, ?)",
                keyId,
                keyHash,
                now.toEpochMilli());
            return true;
          });
    } catch (DatabaseException e) {
      if (database.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * A presented key's status and, when active, who holds it.
   *
   * @param status the status
   * @param principal the holder, present only when active
   */
  public record KeyLookup(KeyStatus status, Optional<Principal> principal) {}

  /**
   * Looks up a presented key.
   *
   * @param keyHash the digest of the presented key
   * @param now the current time (for expiry)
   * @return its status and holder
   */
  public KeyLookup lookup(String keyHash, Instant now) {
    return database
        .queryFirst(
            "SELECT id, client_id, expires_at FROM api_keys"
                + " WHERE key_hash = ? AND revoked_at IS NULL",
            r -> {
              long expiresAt = r.getLong(3);
              if (!r.wasNull() && expiresAt <= now.toEpochMilli()) {
                return new KeyLookup(KeyStatus.EXPIRED, Optional.empty());
              }
              return new KeyLookup(
                  KeyStatus.ACTIVE,
                  Optional.of(new Principal(r.getString(1), Optional.ofNullable(r.getString(2)))));
            },
            keyHash)
        .orElse(new KeyLookup(KeyStatus.INVALID, Optional.empty()));
  }

  /**
   * Tells whether any admin key was ever issued.
   *
   * @return true after the first start
   */
  public boolean hasAdminKey() {
    return database.queryFirst("SELECT 1 FROM api_keys WHERE is_admin", r -> true).isPresent();
  }

  /**
   * Revokes a client's key.
   *
   * @param clientId the client
   * @param keyId the key
   * @param now the current time
   * @return false if no active key of that client has that id
   */
  public boolean revokeApiKey(String clientId, String keyId, Instant now) {
    return database.update(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND client_id = ?"
                + " AND revoked_at IS NULL",
            now.toEpochMilli(),
            keyId,
            clientId)
        == 1;
  }
}
