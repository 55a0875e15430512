package org.deid.core.key;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The network's linkage secret {@code K_link}: a 32-byte HMAC-SHA256 key shared by every party that
 * must be able to link records, with a printable id. {@link #toString()} shows the id only.
 *
 * @param id printable id, see {@link KeyIds#checkTextId(String, String)}
 * @param key exactly 32 bytes
 */
public record LinkageSecret(String id, SecretBytes key) {
  /** Length of {@code K_link} in bytes. */
  public static final int KEY_BYTES = 32;

  /**
   * Validates the id and key length.
   *
   * @throws IllegalArgumentException on a bad id or key length (the message never holds key bytes)
   */
  public LinkageSecret {
    KeyIds.checkTextId("linkage", id);
    Objects.requireNonNull(key, "key");
    if (key.length() != KEY_BYTES) {
      throw new IllegalArgumentException("linkage key must be " + KEY_BYTES + " bytes");
    }
  }

  /**
   * Generates a new linkage secret with a random id.
   *
   * @param random source of randomness
   * @return a new secret
   */
  public static LinkageSecret generate(SecureRandom random) {
    return new LinkageSecret(
        KeyIds.randomTextId("link", random), SecretBytes.random(KEY_BYTES, random));
  }
}
