package org.deid.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: 256 random bits, shown once, stored only as a SHA-256 digest. A plain digest (not a
 * slow password hash) is right here because the key has full entropy: there is nothing to guess.
 */
public final class ApiKeys {
  /** Every key starts with this, so a leaked key is easy to recognise in scanners. */
  public static final String PREFIX = "deid_";

  private final SecureRandom random;

  /**
   * Creates a key factory.
   *
   * @param random the source of key bytes
   */
  public ApiKeys(SecureRandom random) {
    this.random = random;
  }

  /**
   * Creates a new key.
   *
   * @return the key text, to show once and never store
   */
  public String newKey() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Creates a random identifier (for clients, keys and jobs).
   *
   * @param prefix a short type prefix such as {@code job_}
   * @return prefix plus 26 random base32-like characters
   */
  public String newId(String prefix) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  /**
   * Returns the stored form of a key.
   *
   * @param key the key text
   * @return lower-case hex SHA-256 of its UTF-8 bytes
   */
  public static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
