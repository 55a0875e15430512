package org.deid.server.sftp;

import java.time.Instant;
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
    return database.queryFirst(
        "SELECT id, name, created_at FROM clients WHERE name = ?",
        r -> new Client(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))),
        name);
  }

  /**
   * Adds a key.
   *
   * @param key the key
   * @return false if the client already has a key with this fingerprint
   */
  boolean insertKey(SftpKey key) {
    return database.insertUnlessDuplicate(
        "INSERT INTO sftp_keys (id, client_id, algorithm, fingerprint, public_key, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        key.id(),
        key.clientId(),
        key.algorithm(),
        key.fingerprint(),
        key.publicKey(),
        key.createdAt().toEpochMilli());
  }

  /**
   * Lists a client's keys, oldest first.
   *
   * @param clientId the client
   * @return the keys
   */
  List<SftpKey> keys(String clientId) {
    return database.query(
        "SELECT id, client_id, algorithm, fingerprint, public_key, created_at"
            + " FROM sftp_keys WHERE client_id = ? ORDER BY created_at, id",
        r ->
            new SftpKey(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                Instant.ofEpochMilli(r.getLong(6))),
        clientId);
  }

  /**
   * Removes a client's key by id or fingerprint.
   *
   * @param clientId the client
   * @param idOrFingerprint the key id or its {@code SHA256:...} fingerprint
   * @return false if the client has no such key
   */
  boolean deleteKey(String clientId, String idOrFingerprint) {
    return database.update(
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
        if (attempt > 0 || !database.isUniqueViolation(e)) {
          throw e;
        }
        // another call inserted a password at the same moment: the second attempt updates it
      }
    }
  }

  private boolean updatePasswordHash(String clientId, String hash, Instant now) {
    return database.update(
            "UPDATE sftp_passwords SET password_hash = ?, updated_at = ? WHERE client_id = ?",
            hash,
            now.toEpochMilli(),
            clientId)
        == 1;
  }

  private void insertPasswordHash(String clientId, String hash, Instant now) {
    database.update(
        "INSERT INTO sftp_passwords (client_id, password_hash, updated_at) VALUES (?, ?, ?)",
        clientId,
        hash,
        now.toEpochMilli());
  }

  /**
   * Returns a client's password hash.
   *
   * @param clientId the client
   * @return the bcrypt hash, empty if the client has no password
   */
  Optional<String> passwordHash(String clientId) {
    return database.queryFirst(
        "SELECT password_hash FROM sftp_passwords WHERE client_id = ?",
        r -> r.getString(1),
        clientId);
  }

  /**
   * Removes a client's password.
   *
   * @param clientId the client
   * @return false if it had none
   */
  boolean deletePassword(String clientId) {
    return database.update("DELETE FROM sftp_passwords WHERE client_id = ?", clientId) > 0;
  }
}
