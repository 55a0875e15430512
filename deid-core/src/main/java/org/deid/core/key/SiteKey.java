package org.deid.core.key;

import java.util.Objects;

/**
 * One AES-SIV key of a {@link SiteKeyset}: 64 bytes (two AES-256 keys, RFC 5297) and a 32-bit id
 * that every token made with it carries. {@link #toString()} shows id and status only.
 *
 * @param id the key id, never 0; shown unsigned (see {@link #idText()})
 * @param status whether the key may be used
 * @param key exactly 64 bytes
 */
public record SiteKey(int id, KeyStatus status, SecretBytes key) {
  /** Length of an AES-SIV key in bytes. */
  public static final int KEY_BYTES = 64;

  /**
   * Validates id and key length.
   *
   * @throws IllegalArgumentException on id 0 or a bad key length
   */
  public SiteKey {
    if (id == 0) {
      throw new IllegalArgumentException("site key id must not be 0");
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(key, "key");
    if (key.length() != KEY_BYTES) {
      throw new IllegalArgumentException("site key must be " + KEY_BYTES + " bytes");
    }
  }

  /**
   * Returns the id as printed in key files and reports: the unsigned decimal value.
   *
   * @return for example {@code 3054123456}
   */
  public String idText() {
    return Integer.toUnsignedString(id);
  }

  SiteKey withStatus(KeyStatus newStatus) {
    return new SiteKey(id, newStatus, key);
  }
}
