package org.deid.server.tenant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.config.MasterKey;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.EngineConfigException;

/**
 * The administrator's operations on tenants: create clients, issue and revoke API keys, store
 * versioned policies and sealed keys, set notification targets. Secrets leave this class only once,
 * in the return value of the call that created them. Thread-safe.
 */
public final class TenantService {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

  private final TenantRepository repository;
  private final ApiKeyRepository keyRepository;
  private final MasterKey masterKey;
  private final ApiKeys apiKeys;
  private final DeidEngine engine;
  private final SecureRandom random;
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param repository the tenant tables
   * @param keyRepository the API key digests
   * @param masterKey seals keys and webhook secrets
   * @param apiKeys creates keys and ids
   * @param engine checks policies and key files
   * @param random source of webhook secrets
   * @param clock the time source
   */
  public TenantService(
      TenantRepository repository,
      ApiKeyRepository keyRepository,
      MasterKey masterKey,
      ApiKeys apiKeys,
      DeidEngine engine,
      SecureRandom random,
      Clock clock) {
    this.repository = repository;
    this.keyRepository = keyRepository;
    this.masterKey = masterKey;
    this.apiKeys = apiKeys;
    this.engine = engine;
    this.random = random;
    this.clock = clock;
  }

  /** Where the first admin key goes before it becomes valid (the admin key file). */
  public interface KeyDelivery {
    /**
     * Stores the key for the operator.
     *
     * @param key the key text
     * @throws IOException if it cannot be stored (the key is then not registered)
     */
    void deliver(String key) throws IOException;

    /**
     * Removes a delivered key that was not registered because another API node on the same database
     * issued the first admin key at the same moment.
     *
     * @throws IOException if it cannot be removed
     */
    void withdraw() throws IOException;
  }

  /**
   * Issues the administrator key if none exists yet. The key is delivered before its digest is
   * stored, so a crash in between cannot leave a valid admin key that nobody has: the next start
   * simply issues another.
   *
   * @param delivery writes the key for the operator, and withdraws it if another node won
   * @return true if a key was issued, false if an admin key already exists
   * @throws IOException if the delivery fails (nothing is registered)
   */
  public boolean issueFirstAdminKey(KeyDelivery delivery) throws IOException {
    if (keyRepository.hasAdminKey()) {
      return false;
    }
    String key = apiKeys.newKey();
    delivery.deliver(key);
    boolean issued =
        keyRepository.insertFirstAdminKey(
            apiKeys.newId("key_"), ApiKeys.hash(key), clock.instant());
    if (!issued) {
      delivery.withdraw();
    }
    return issued;
  }

  /**
   * Creates a client with a fresh webhook signing secret.
   *
   * @param name a unique name (letters, digits, space, dot, dash, underscore)
   * @return the client and its webhook secret (shown once)
   * @throws TenantException if the name is invalid (400) or taken (409)
   */
  public CreatedClient createClient(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw TenantException.invalid(
          "the client name must be 1-100 letters, digits, spaces, '.', '-' or '_'");
    }
    Client client = new Client(apiKeys.newId("cl_"), name, clock.instant());
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String secretText = HexFormat.of().formatHex(secret);
    byte[] sealed =
        masterKey.seal(secretText.getBytes(StandardCharsets.US_ASCII), webhookContext(client.id()));
    Arrays.fill(secret, (byte) 0);
    if (!repository.insertClient(client, sealed)) {
      throw TenantException.conflict("a client with this name exists");
    }
    return new CreatedClient(client, secretText);
  }

  /**
   * Finds a client.
   *
   * @param clientId the id
   * @return the client
   * @throws TenantException (404) if there is none
   */
  public Client client(String clientId) {
    return repository
        .client(clientId)
        .orElseThrow(() -> TenantException.notFound("no such client"));
  }

  /**
   * Lists clients.
   *
   * @return all clients by name
   */
  public List<Client> clients() {
    return repository.clients();
  }

  /**
   * Issues a new API key for a client.
   *
   * @param clientId the client
   * @return the key id and key text (shown once; only its digest is stored)
   */
  public IssuedKey issueKey(String clientId) {
    return issueKey(clientId, Optional.empty());
  }

  /**
   * Issues a new API key for a client that stops working at a given time.
   *
   * @param clientId the client
   * @param expiresAt when the key expires, empty for never
   * @return the key id and key text (shown once; only its digest is stored)
   * @throws TenantException (400) if the expiry is not in the future
   */
  public IssuedKey issueKey(String clientId, Optional<Instant> expiresAt) {
    client(clientId);
    Instant now = clock.instant();
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw TenantException.invalid("'expiresAt' must be in the future");
    }
    String key = apiKeys.newKey();
    String keyId = apiKeys.newId("key_");
    keyRepository.insertApiKey(keyId, Optional.of(clientId), ApiKeys.hash(key), now, expiresAt);
    return new IssuedKey(keyId, key);
  }

  /**
   * Revokes a client's API key.
   *
   * @param clientId the client
   * @param keyId the key id
   * @throws TenantException (404) if the client has no such active key
   */
  public void revokeKey(String clientId, String keyId) {
    client(clientId);
    if (!keyRepository.revokeApiKey(clientId, keyId, clock.instant())) {
      throw TenantException.notFound("no such active key");
    }
  }

  /**
   * Stores a new policy version after the engine has parsed it.
   *
   * @param clientId the client
   * @param policy the policy document
   * @return the stored version
   * @throws TenantException (400) with the parser's message if the policy is invalid
   */
  public VersionInfo storePolicy(String clientId, byte[] policy) {
    client(clientId);
    String description;
    try {
      description = engine.checkPolicy(policy);
    } catch (EngineConfigException e) {
      throw TenantException.invalid("invalid policy: " + e.getMessage());
    }
    int version = repository.insertPolicy(clientId, policy, sha256(policy), clock.instant());
    return new VersionInfo(version, description, clock.instant());
  }

  /**
   * Stores a new key version, sealed under the master key, after the engine has parsed it.
   *
   * @param clientId the client
   * @param keys the key file; wiped by this method
   * @return the stored version with key ids and fingerprints
   * @throws TenantException (400) if the key file is invalid
   */
  public VersionInfo storeKeys(String clientId, byte[] keys) {
    client(clientId);
    try {
      String description = engine.checkKeys(keys);
      int version = repository.keyVersions(clientId).size() + 1;
      byte[] sealed = masterKey.seal(keys, keysContext(clientId, version));
      if (!repository.insertKeys(clientId, version, sealed, description, clock.instant())) {
        throw TenantException.conflict("keys were stored concurrently; try again");
      }
      return new VersionInfo(version, description, clock.instant());
    } catch (EngineConfigException e) {
      throw TenantException.invalid("invalid key file: " + e.getMessage());
    } finally {
      Arrays.fill(keys, (byte) 0);
    }
  }

  /**
   * Lists a client's policy versions.
   *
   * @param clientId the client
   * @return the versions
   */
  public List<VersionInfo> policyVersions(String clientId) {
    client(clientId);
    return repository.policyVersions(clientId);
  }

  /**
   * Lists a client's key versions (ids and fingerprints only).
   *
   * @param clientId the client
   * @return the versions
   */
  public List<VersionInfo> keyVersions(String clientId) {
    client(clientId);
    return repository.keyVersions(clientId);
  }

  /**
   * Reads a policy version for a job.
   *
   * @param clientId the client
   * @param version the version
   * @return the document
   * @throws TenantException (404) if absent
   */
  public byte[] policy(String clientId, int version) {
    return repository
        .policy(clientId, version)
        .orElseThrow(() -> TenantException.notFound("no such policy version"));
  }

  /**
   * Opens a sealed key version for a job.
   *
   * @param clientId the client
   * @param version the version
   * @return the key file; the caller wipes it
   * @throws TenantException (404) if absent
   */
  public byte[] openKeys(String clientId, int version) {
    byte[] sealed =
        repository
            .sealedKeys(clientId, version)
            .orElseThrow(() -> TenantException.notFound("no such key version"));
    return masterKey.open(sealed, keysContext(clientId, version));
  }

  /**
   * Returns the client's webhook signing secret (for the notifier).
   *
   * @param clientId the client
   * @return the secret bytes (ASCII hex text)
   */
  public byte[] webhookSecret(String clientId) {
    byte[] sealed =
        repository
            .sealedWebhookSecret(clientId)
            .orElseThrow(() -> TenantException.notFound("no such client"));
    return masterKey.open(sealed, webhookContext(clientId));
  }

  /**
   * Replaces a client's notification targets after checking them.
   *
   * @param clientId the client
   * @param targets e-mail addresses and webhook URLs (http or https)
   * @throws TenantException (400) if an address or URL is not valid
   */
  public void setTargets(String clientId, NotificationTargets targets) {
    client(clientId);
    targets.check();
    repository.replaceTargets(clientId, targets);
  }

  /**
   * Reads a client's notification targets.
   *
   * @param clientId the client
   * @return the targets
   */
  public NotificationTargets targets(String clientId) {
    client(clientId);
    return repository.targets(clientId);
  }

  private static String keysContext(String clientId, int version) {
    return "client-keys:" + clientId + ":" + version;
  }

  private static String webhookContext(String clientId) {
    return "webhook-secret:" + clientId;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * A new client and its webhook secret.
   *
   * @param client the client
   * @param webhookSecret the secret for verifying webhook signatures (shown once)
   */
  public record CreatedClient(Client client, String webhookSecret) {}

  /**
   * A new API key.
   *
   * @param keyId its id (for revocation)
   * @param apiKey the key text (shown once)
   */
  public record IssuedKey(String keyId, String apiKey) {}
}
