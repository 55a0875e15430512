package org.deid.server.sftp;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.deid.server.auth.ApiKeys;
import org.deid.server.inbox.IngestException;
import org.deid.server.tenant.Client;
import org.deid.server.tenant.TenantService;

/**
 * SFTP credentials of clients: OpenSSH public keys and at most one password each, stored as a
 * bcrypt hash (cost 12). Passwords and key material never appear in messages or logs; keys are
 * shown by type and SHA-256 fingerprint. Thread-safe.
 */
public final class SftpAccounts {
  /** bcrypt cost: 2^12 rounds, about a quarter of a second per check on one core. */
  static final int BCRYPT_COST = 12;

  /** Shortest accepted password, in bytes. */
  public static final int MIN_PASSWORD_BYTES = 12;

  /** Longest accepted password, in bytes (bcrypt reads at most 72 bytes). */
  public static final int MAX_PASSWORD_BYTES = 71;

  private static final int MIN_RSA_BITS = 2048;

  private final SftpRepository repository;
  private final TenantService tenants;
  private final ApiKeys ids;
  private final SecureRandom random;
  private final Clock clock;
  private final byte[] decoyHash;

  /**
   * Creates the service.
   *
   * @param repository the credential tables
   * @param tenants the clients
   * @param ids creates key ids
   * @param random salts
   * @param clock the time source
   */
  public SftpAccounts(
      SftpRepository repository,
      TenantService tenants,
      ApiKeys ids,
      SecureRandom random,
      Clock clock) {
    this.repository = repository;
    this.tenants = tenants;
    this.ids = ids;
    this.random = random;
    this.clock = clock;
    byte[] decoy = new byte[16];
    random.nextBytes(decoy);
    this.decoyHash = BCrypt.with(random).hash(BCRYPT_COST, decoy);
  }

  /**
   * Adds a public key to a client.
   *
   * @param clientId the client
   * @param authorizedKeyLine one line as in {@code authorized_keys} or a {@code .pub} file
   * @return the stored key
   * @throws IngestException 400 if the line is not a usable public key, 409 if the client has it
   */
  public SftpKey addKey(String clientId, String authorizedKeyLine) {
    tenants.client(clientId);
    PublicKey key = parse(authorizedKeyLine);
    SftpKey stored =
        new SftpKey(
            ids.newId("sshkey_"),
            clientId,
            KeyUtils.getKeyType(key),
            KeyUtils.getFingerPrint(BuiltinDigests.sha256, key),
            PublicKeyEntry.toString(key),
            clock.instant());
    if (!repository.insertKey(stored)) {
      throw new IngestException(
          409, "the client already has this key (" + stored.fingerprint() + ")");
    }
    return stored;
  }

  private static PublicKey parse(String line) {
    String text = line == null ? "" : line.strip();
    if (text.isEmpty() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IngestException(
          400, "the public key must be one line such as 'ssh-ed25519 AAAA...'");
    }
    AuthorizedKeyEntry entry;
    PublicKey key;
    try {
      entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(text);
      if (entry == null) {
        throw new IngestException(400, "the public key is empty");
      }
      key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
      throw new IngestException(400, "the public key is not a valid OpenSSH public key");
    }
    if (key == null) {
      throw new IngestException(400, "the public key type is not supported");
    }
    if (!entry.getLoginOptions().isEmpty()) {
      throw new IngestException(
          400, "authorized_keys options are not supported; give the key only");
    }
    if (key instanceof DSAPublicKey) {
      throw new IngestException(400, "DSA keys are not accepted; use Ed25519, ECDSA or RSA");
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new IngestException(400, "RSA keys must have at least " + MIN_RSA_BITS + " bits");
    }
    return key;
  }

  /**
   * Lists a client's keys.
   *
   * @param clientId the client
   * @return the keys, oldest first
   */
  public List<SftpKey> keys(String clientId) {
    tenants.client(clientId);
    return repository.keys(clientId);
  }

  /**
   * Removes a client's key.
   *
   * @param clientId the client
   * @param idOrFingerprint the key id or its {@code SHA256:...} fingerprint
   * @throws IngestException 404 if the client has no such key
   */
  public void removeKey(String clientId, String idOrFingerprint) {
    tenants.client(clientId);
    if (!repository.deleteKey(clientId, idOrFingerprint)) {
      throw new IngestException(404, "no such SFTP key");
    }
  }

  /**
   * Sets (or replaces) a client's password. The bytes are wiped before this returns.
   *
   * @param clientId the client
   * @param password the UTF-8 password
   * @throws IngestException 400 if it is too short or too long
   */
  public void setPassword(String clientId, byte[] password) {
    try {
      tenants.client(clientId);
      if (password.length < MIN_PASSWORD_BYTES || password.length > MAX_PASSWORD_BYTES) {
        throw new IngestException(
            400,
            "the password must be "
                + MIN_PASSWORD_BYTES
                + " to "
                + MAX_PASSWORD_BYTES
                + " bytes long");
      }
      for (byte b : password) {
        if (b >= 0 && b < 0x20) {
          throw new IngestException(400, "the password must not contain control characters");
        }
      }
      byte[] hash = BCrypt.with(random).hash(BCRYPT_COST, password);
      repository.setPasswordHash(
          clientId, new String(hash, StandardCharsets.US_ASCII), clock.instant());
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /**
   * Removes a client's password.
   *
   * @param clientId the client
   * @throws IngestException 404 if it had none
   */
  public void removePassword(String clientId) {
    tenants.client(clientId);
    if (!repository.deletePassword(clientId)) {
      throw new IngestException(404, "the client has no SFTP password");
    }
  }

  /**
   * Tells whether a client has a password.
   *
   * @param clientId the client
   * @return true if it has one
   */
  public boolean hasPassword(String clientId) {
    return repository.passwordHash(clientId).isPresent();
  }

  /**
   * Finds the client an SFTP user name names.
   *
   * @param userName the SFTP user name
   * @return the client, empty if none has this name
   */
  public Optional<Client> client(String userName) {
    return userName == null ? Optional.empty() : repository.clientByName(userName);
  }

  /**
   * Checks a password. Takes about as long for unknown users and users without a password.
   *
   * @param userName the SFTP user name
   * @param password the password offered
   * @return the client when the password is right
   */
  public Optional<Client> checkPassword(String userName, String password) {
    byte[] offered = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
    try {
      Optional<Client> client = client(userName);
      Optional<String> hash = client.flatMap(c -> repository.passwordHash(c.id()));
      byte[] stored = hash.map(h -> h.getBytes(StandardCharsets.US_ASCII)).orElse(decoyHash);
      boolean verified =
          offered.length > 0
              && offered.length <= MAX_PASSWORD_BYTES
              && BCrypt.verifyer().verify(offered, stored).verified;
      return verified && hash.isPresent() ? client : Optional.empty();
    } finally {
      Arrays.fill(offered, (byte) 0);
    }
  }

  /**
   * Finds which of a client's keys a public key is.
   *
   * @param userName the SFTP user name
   * @param offered the key the SSH client offers
   * @return the client and the matching stored key
   */
  public Optional<KeyLogin> checkKey(String userName, PublicKey offered) {
    Optional<Client> client = client(userName);
    if (client.isEmpty()) {
      return Optional.empty();
    }
    for (SftpKey key : repository.keys(client.get().id())) {
      try {
        PublicKey stored =
            PublicKeyEntry.parsePublicKeyEntry(key.publicKey())
                .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        if (KeyUtils.compareKeys(stored, offered)) {
          return Optional.of(new KeyLogin(client.get(), key));
        }
      } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
        // a stored key this JVM cannot read (another provider): it cannot match
      }
    }
    return Optional.empty();
  }

  /**
   * A key that matched.
   *
   * @param client the client
   * @param key the stored key
   */
  public record KeyLogin(Client client, SftpKey key) {}
}
