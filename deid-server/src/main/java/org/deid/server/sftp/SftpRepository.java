package org.deid.server.sftp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseException;
import org.deid.server.tenant.Client;

/**
 * The SFTP credential tables ({@code sftp_keys}, {@code sftp_passwords}) and the lookup of a client
 * by its name (the SFTP user name). Plain JDBC that H2 and PostgreSQL both run. Thread-safe.
 */
public final class SftpRepository {
  private final Database database;

  /**
   * Creates the repository.
   *
   * @param database a migrated database
   */
  public SftpRepository(Database database) {
    this.database = database;
  }

  /**
   * Finds a client by its exact name.
   *
   * @param name the name
   * @return the client, empty if none has this name
   */
  Optional<Client> clientByName(String name) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT id, name, created_at FROM clients WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Client(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Adds a key.
   *
   * @param key the key
   * @return false if the client already has a key with this fingerprint
   */
  boolean insertKey(SftpKey key) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO sftp_keys (id, client_id, algorithm, fingerprint, public_key,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, key.id());
      s.setString(2, key.clientId());
      s.setString(3, key.algorithm());
      s.setString(4, key.fingerprint());
      s.setString(5, key.publicKey());
      s.setLong(6, key.createdAt().toEpochMilli());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        return false;
      }
      throw new DatabaseException(e);
    }
  }

  /**
   * Lists a client's keys, oldest first.
   *
   * @param clientId the client
   * @return the keys
   */
  List<SftpKey> keys(String clientId) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, client_id, algorithm, fingerprint, public_key, created_at"
                    + " FROM sftp_keys WHERE client_id = ? ORDER BY created_at, id")) {
      s.setString(1, clientId);
      List<SftpKey> keys = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(
              new SftpKey(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  Instant.ofEpochMilli(r.getLong(6))));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Removes a client's key by id or fingerprint.
   *
   * @param clientId the client
   * @param idOrFingerprint the key id or its {@code SHA256:...} fingerprint
   * @return false if the client has no such key
   */
  boolean deleteKey(String clientId, String idOrFingerprint) {
    return update(
            "DELETE FROM sftp_keys WHERE client_id = ? AND (id = ? OR fingerprint = ?)",
            clientId,
            idOrFingerprint,
            idOrFingerprint)
        > 0;
  }

  /**
   * Sets a client's password hash, replacing any earlier one.
   *
   * @param clientId the client
   * @param hash the bcrypt hash
   * @param now the current time
   */
  void setPasswordHash(String clientId, String hash, Instant now) {
    for (int attempt = 0; ; attempt++) {
      try {
        if (!updatePasswordHash(clientId, hash, now)) {
          insertPasswordHash(clientId, hash, now);
        }
        return;
      } catch (DatabaseException e) {
        boolean duplicate =
            e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql);
        if (attempt > 0 || !duplicate) {
          throw e;
        }
        // another call inserted a password at the same moment: the second attempt updates it
      }
    }
  }

  private boolean updatePasswordHash(String clientId, String hash, Instant now) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE sftp_passwords SET password_hash = ?, updated_at = ? WHERE client_id = ?")) {
      s.setString(1, hash);
      s.setLong(2, now.toEpochMilli());
      s.setString(3, clientId);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private void insertPasswordHash(String clientId, String hash, Instant now) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO sftp_passwords (client_id, password_hash, updated_at)"
                    + " VALUES (?, ?, ?)")) {
      s.setString(1, clientId);
      s.setString(2, hash);
      s.setLong(3, now.toEpochMilli());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Returns a client's password hash.
   *
   * @param clientId the client
   * @return the bcrypt hash, empty if the client has no password
   */
  Optional<String> passwordHash(String clientId) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT password_hash FROM sftp_passwords WHERE client_id = ?")) {
      s.setString(1, clientId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Removes a client's password.
   *
   * @param clientId the client
   * @return false if it had none
   */
  boolean deletePassword(String clientId) {
    return update("DELETE FROM sftp_passwords WHERE client_id = ?", clientId) > 0;
  }

  private int update(String sql, String... values) {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
