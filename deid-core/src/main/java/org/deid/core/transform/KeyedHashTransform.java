package org.deid.core.transform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Replaces a value with a keyed hash: base64url (no padding) of {@code keys.prf("hash:" + column,
 * UTF-8(normalized))}, optionally truncated, where the value is normalized by trimming and
 * upper-casing ({@link Locale#ROOT}) so {@code " ab12 "} and {@code "AB12"} hash alike.
 *
 * <p>Deterministic and keyed: the same value in the same column under the same keys always gives
 * the same output, so references stay joinable within one client; a different column or key gives
 * an unrelated output. Irreversible (even for the key holder, except by guessing values). Blank
 * input gives empty output (a hash of "nothing" would link all blanks); nothing is counted as
 * invalid.
 */
public final class KeyedHashTransform implements FieldTransform {
  /** Characters of an untruncated output (32 bytes in base64url without padding). */
  public static final int FULL_LENGTH = 43;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String purpose;
  private final KeyedFunctions keys;
  private final int length;

  /**
   * Creates the transform.
   *
   * @param column the column name, used for domain separation
   * @param keys the client's keyed functions
   * @param length output characters, 1 to {@link #FULL_LENGTH}
   * @throws IllegalArgumentException when the length is out of range
   */
  public KeyedHashTransform(String column, KeyedFunctions keys, int length) {
    if (length < 1 || length > FULL_LENGTH) {
      throw new IllegalArgumentException("hash length must be 1 to " + FULL_LENGTH);
    }
    this.purpose = "hash:" + column;
    this.keys = keys;
    this.length = length;
  }

  /**
   * Hashes the value.
   *
   * @param raw the raw value
   * @param row unused
   * @return the keyed hash, or empty for blank input
   */
  @Override
  public String apply(String raw, RowContext row) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return "";
    }
    byte[] mac = keys.prf(purpose, value.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    String encoded = ENCODER.encodeToString(mac);
    return length == FULL_LENGTH ? encoded : encoded.substring(0, length);
  }
}
