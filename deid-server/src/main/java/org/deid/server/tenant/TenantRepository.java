package org.deid.server.tenant;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.db.Database;
import org.deid.server.db.Sql;

/**
 * Clients, versioned policies, sealed keys and notification targets, over JDBC. Holds no secret in
 * clear: keys and webhook secrets arrive sealed. Thread-safe.
 */
public final class TenantRepository {
  private final Database database;

  /**
   * Creates the repository.
   *
   * @param database a migrated database
   */
  public TenantRepository(Database database) {
    this.database = database;
  }

  /**
   * Inserts a client.
   *
   * @param client the client
   * @param sealedWebhookSecret its webhook signing secret, sealed
   * @return false if the name is taken
   */
  public boolean insertClient(Client client, byte[] sealedWebhookSecret) {
    return database.insertUnlessDuplicate(
        "INSERT INTO clients (id, name, created_at, webhook_secret_sealed) VALUES (?, ?, ?, ?)",
        client.id(),
        client.name(),
        client.createdAt().toEpochMilli(),
        sealedWebhookSecret);
  }

  /**
   * Finds a client.
   *
   * @param clientId the id
   * @return the client, if it exists
   */
  public Optional<Client> client(String clientId) {
    return database.queryFirst(
        "SELECT id, name, created_at FROM clients WHERE id = ?",
        TenantRepository::client,
        clientId);
  }

  /**
   * Lists every client by name.
   *
   * @return the clients
   */
  public List<Client> clients() {
    return database.query(
        "SELECT id, name, created_at FROM clients ORDER BY name", TenantRepository::client);
  }

  private static Client client(ResultSet r) throws SQLException {
    return new Client(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)));
  }

  /**
   * Returns a client's sealed webhook secret.
   *
   * @param clientId the client
   * @return the sealed secret, if the client exists
   */
  public Optional<byte[]> sealedWebhookSecret(String clientId) {
    return database.queryFirst(
        "SELECT webhook_secret_sealed FROM clients WHERE id = ?", r -> r.getBytes(1), clientId);
  }

  /**
   * Stores a new policy version.
   *
   * @param clientId the client
   * @param policyText the policy document
   * @param sha256 its digest (the description)
   * @param now the current time
   * @return the new version number
   */
  public int insertPolicy(String clientId, byte[] policyText, String sha256, Instant now) {
    return insertVersioned(
        "client_policies", "policy_text", "sha256", clientId, policyText, sha256, now);
  }

  /**
   * Stores a sealed key file as a given version (the version is bound into the sealing, so it is
   * chosen before sealing).
   *
   * @param clientId the client
   * @param version the version to create (the next one)
   * @param sealed the sealed key file
   * @param description key ids and fingerprints (no secret)
   * @param now the current time
   * @return false if that version exists already (a concurrent upload)
   */
  public boolean insertKeys(
      String clientId, int version, byte[] sealed, String description, Instant now) {
    return database.insertUnlessDuplicate(
        "INSERT INTO client_keys (client_id, version, sealed, description, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        clientId,
        version,
        sealed,
        description,
        now.toEpochMilli());
  }

  private int insertVersioned(
      String table,
      String blobColumn,
      String descriptionColumn,
      String clientId,
      byte[] blob,
      String description,
      Instant now) {
    return database.inTransaction(
        c -> {
          // Lock the client row so two concurrent uploads get distinct version numbers.
          Sql.queryFirst(
              c, "SELECT id FROM clients WHERE id = ? FOR UPDATE", r -> r.getString(1), clientId);
          int version =
              Sql.queryFirst(
                      c,
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM " + table + " WHERE client_id = ?",
                      r -> r.getInt(1),
                      clientId)
                  .orElseThrow();
          Sql.update(
              c,
              "INSERT INTO "
                  + table
                  + " (client_id, version, "
                  + blobColumn
                  + ", "
                  + descriptionColumn
                  + ", created_at) VALUES (?, ?, ?, ?, ?)",
              clientId,
              version,
              blob,
              description,
              now.toEpochMilli());
          return version;
        });
  }

  /**
   * Lists the stored policy versions of a client.
   *
   * @param clientId the client
   * @return versions, oldest first
   */
  public List<VersionInfo> policyVersions(String clientId) {
    return versions("SELECT version, sha256, created_at FROM client_policies", clientId);
  }

  /**
   * Lists the stored key versions of a client.
   *
   * @param clientId the client
   * @return versions, oldest first
   */
  public List<VersionInfo> keyVersions(String clientId) {
    return versions("SELECT version, description, created_at FROM client_keys", clientId);
  }

  private List<VersionInfo> versions(String select, String clientId) {
    return database.query(
        select + " WHERE client_id = ? ORDER BY version",
        r -> new VersionInfo(r.getInt(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))),
        clientId);
  }

  /**
   * Reads one policy version.
   *
   * @param clientId the client
   * @param version the version
   * @return the policy document, if stored
   */
  public Optional<byte[]> policy(String clientId, int version) {
    return blob("SELECT policy_text FROM client_policies", clientId, version);
  }

  /**
   * Reads one sealed key version.
   *
   * @param clientId the client
   * @param version the version
   * @return the sealed key file, if stored
   */
  public Optional<byte[]> sealedKeys(String clientId, int version) {
    return blob("SELECT sealed FROM client_keys", clientId, version);
  }

  private Optional<byte[]> blob(String select, String clientId, int version) {
    return database.queryFirst(
        select + " WHERE client_id = ? AND version = ?", r -> r.getBytes(1), clientId, version);
  }

  /**
   * Replaces a client's notification targets.
   *
   * @param clientId the client
   * @param targets the new targets
   */
  public void replaceTargets(String clientId, NotificationTargets targets) {
    database.inTransaction(
        c -> {
          Sql.update(c, "DELETE FROM notification_targets WHERE client_id = ?", clientId);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO notification_targets (client_id, channel, target)"
                      + " VALUES (?, ?, ?)")) {
            for (String email : targets.emails()) {
              addTarget(s, clientId, "EMAIL", email);
            }
            for (String url : targets.webhooks()) {
              addTarget(s, clientId, "WEBHOOK", url);
            }
            s.executeBatch();
          }
          return null;
        });
  }

  private static void addTarget(PreparedStatement s, String clientId, String channel, String target)
      throws SQLException {
    s.setString(1, clientId);
    s.setString(2, channel);
    s.setString(3, target);
    s.addBatch();
  }

  /**
   * Reads a client's notification targets.
   *
   * @param clientId the client
   * @return the targets (empty lists if none)
   */
  public NotificationTargets targets(String clientId) {
    List<String> emails = new ArrayList<>();
    List<String> webhooks = new ArrayList<>();
    for (Map.Entry<String, String> target :
        database.query(
            "SELECT channel, target FROM notification_targets WHERE client_id = ?"
                + " ORDER BY channel, target",
            r -> Map.entry(r.getString(1), r.getString(2)),
            clientId)) {
      (target.getKey().equals("EMAIL") ? emails : webhooks).add(target.getValue());
    }
    return new NotificationTargets(emails, webhooks);
  }
}
