package org.deid.server.tenant;

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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO clients (id, name, created_at, webhook_secret_sealed)"
                    + " VALUES (?, ?, ?, ?)")) {
      s.setString(1, client.id());
      s.setString(2, client.name());
      s.setLong(3, client.createdAt().toEpochMilli());
      s.setBytes(4, sealedWebhookSecret);
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
   * Finds a client.
   *
   * @param clientId the id
   * @return the client, if it exists
   */
  public Optional<Client> client(String clientId) {
    return clients("SELECT id, name, created_at FROM clients WHERE id = ?", clientId).stream()
        .findFirst();
  }

  /**
   * Lists every client by name.
   *
   * @return the clients
   */
  public List<Client> clients() {
    return clients("SELECT id, name, created_at FROM clients ORDER BY name");
  }

  private List<Client> clients(String sql, String... args) {
    List<Client> clients = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          clients.add(
              new Client(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
        }
      }
      return clients;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /**
   * Returns a client's sealed webhook secret.
   *
   * @param clientId the client
   * @return the sealed secret, if the client exists
   */
  public Optional<byte[]> sealedWebhookSecret(String clientId) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT webhook_secret_sealed FROM clients WHERE id = ?")) {
      s.setString(1, clientId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO client_keys (client_id, version, sealed, description, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, clientId);
      s.setInt(2, version);
      s.setBytes(3, sealed);
      s.setString(4, description);
      s.setLong(5, now.toEpochMilli());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (database.dialect().isUniqueViolation(e)) {
        return false;
      }
      throw new DatabaseException(e);
    }
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
          try (PreparedStatement lock =
              c.prepareStatement("SELECT id FROM clients WHERE id = ? FOR UPDATE")) {
            lock.setString(1, clientId);
            lock.executeQuery().close();
          }
          int version;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COALESCE(MAX(version), 0) + 1 FROM " + table + " WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              version = r.getInt(1);
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " (client_id, version, "
                      + blobColumn
                      + ", "
                      + descriptionColumn
                      + ", created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, clientId);
            s.setInt(2, version);
            s.setBytes(3, blob);
            s.setString(4, description);
            s.setLong(5, now.toEpochMilli());
            s.executeUpdate();
          }
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
    List<VersionInfo> versions = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(select + " WHERE client_id = ? ORDER BY version")) {
      s.setString(1, clientId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          versions.add(
              new VersionInfo(r.getInt(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))));
        }
      }
      return versions;
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(select + " WHERE client_id = ? AND version = ?")) {
      s.setString(1, clientId);
      s.setInt(2, version);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
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
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM notification_targets WHERE client_id = ?")) {
            s.setString(1, clientId);
            s.executeUpdate();
          }
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
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT channel, target FROM notification_targets WHERE client_id = ?"
                    + " ORDER BY channel, target")) {
      s.setString(1, clientId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          (r.getString(1).equals("EMAIL") ? emails : webhooks).add(r.getString(2));
        }
      }
      return new NotificationTargets(emails, webhooks);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
