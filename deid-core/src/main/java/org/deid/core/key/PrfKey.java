package org.deid.core.key;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The client's PRF key: a 32-byte HMAC-SHA256 key for per-person derived values (date shifts, keyed
 * hashes) with a printable id. {@link #toString()} shows the id only.
 *
 * @param id printable id
 * @param key exactly 32 bytes
 */
public record PrfKey(String id, SecretBytes key) {
  /** Length of the PRF key in bytes. */
  public static final int KEY_BYTES = 32;

  /**
   * Validates the id and key length.
   *
   * @throws IllegalArgumentException on a bad id or key length
   */
  public PrfKey {
    KeyIds.checkTextId("prf", id);
    Objects.requireNonNull(key, "key");
    if (key.length() != KEY_BYTES) {
      throw new IllegalArgumentException("prf key must be " + KEY_BYTES + " bytes");
    }
  }

  /**
   * Generates a new PRF key with a random id.
   *
   * @param random source of randomness
   * @return a new key
   */
  public static PrfKey generate(SecureRandom random) {
    return new PrfKey(KeyIds.randomTextId("prf", random), SecretBytes.random(KEY_BYTES, random));
  }
}
