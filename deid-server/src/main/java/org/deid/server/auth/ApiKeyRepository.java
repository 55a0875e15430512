package org.deid.server.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;

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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO api_keys (id, client_id, is_admin, key_hash, created_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, keyId);
      s.setString(2, clientId.orElse(null));
      s.setBoolean(3, clientId.isEmpty());
      s.setString(4, keyHash);
      s.setLong(5, now.toEpochMilli());
      s.setObject(6, expiresAt.map(Instant::toEpochMilli).orElse(null), java.sql.Types.BIGINT);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO instance_facts (name, content, created_at) VALUES (?, ?, ?)")) {
              s.setString(1, "first-admin-key");
              s.setBytes(2, keyId.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
              s.setLong(3, now.toEpochMilli());
              s.executeUpdate();
            }
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO api_keys (id, client_id, is_admin, key_hash, created_at)"
                        + " VALUES (?, NULL, TRUE, ?, ?)")) {
              s.setString(1, keyId);
              s.setString(2, keyHash);
              s.setLong(3, now.toEpochMilli());
              s.executeUpdate();
            }
            return true;
          });
    } catch (DatabaseException e) {
      if (e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql)) {
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, client_id, expires_at FROM api_keys"
                    + " WHERE key_hash = ? AND revoked_at IS NULL")) {
      s.setString(1, keyHash);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return new KeyLookup(KeyStatus.INVALID, Optional.empty());
        }
        long expiresAt = r.getLong(3);
        if (!r.wasNull() && expiresAt <= now.toEpochMilli()) {
          return new KeyLookup(KeyStatus.EXPIRED, Optional.empty());
        }
        return new KeyLookup(
            KeyStatus.ACTIVE,
            Optional.of(new Principal(r.getString(1), Optional.ofNullable(r.getString(2)))));
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Tells whether any admin key was ever issued.
   *
   * @return true after the first start
   */
  public boolean hasAdminKey() {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM api_keys WHERE is_admin");
        ResultSet r = s.executeQuery()) {
      return r.next();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND client_id = ?"
                    + " AND revoked_at IS NULL")) {
      s.setLong(1, now.toEpochMilli());
      s.setString(2, keyId);
      s.setString(3, clientId);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
