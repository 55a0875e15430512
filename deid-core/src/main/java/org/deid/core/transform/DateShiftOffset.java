package org.deid.core.transform;

import java.util.Arrays;

/**
 * Derives one person's date-shift offset: an integer in {@code [-maxDays, +maxDays]}, uniform (no
 * modulo bias), from {@code keys.prf("date-shift", personKey)}.
 *
 * <p>Derivation: let {@code m = 2 * maxDays + 1} and {@code D = prf("date-shift", personKey)} (32
 * bytes). Read {@code D} as four big-endian 64-bit words and clear each word's top bit, giving
 * {@code v} in {@code [0, 2^63)}. Take the first word with {@code v < m * floor(2^63 / m)} and
 * return {@code (v mod m) - maxDays}. If all four words are rejected (probability below {@code
 * 2^-200} for any allowed {@code maxDays}), continue with {@code D = prf("date-shift", D)}.
 * Deterministic and keyed; stateless and thread-safe.
 */
public final class DateShiftOffset {
  /** PRF purpose label for date shifting. */
  public static final String PURPOSE = "date-shift";

  private DateShiftOffset() {}

  /**
   * Computes the offset for one person.
   *
   * @param keys the client's keyed functions
   * @param personKey the person key, non-empty
   * @param maxDays the largest shift in days, at least 1
   * @return the offset in days
   * @throws IllegalArgumentException when {@code maxDays} is below 1
   */
  public static int offsetDays(KeyedFunctions keys, byte[] personKey, int maxDays) {
    if (maxDays < 1) {
      throw new IllegalArgumentException("maxDays must be at least 1");
    }
    long range = 2L * maxDays + 1;
    long limit = Long.MAX_VALUE - (Long.MAX_VALUE % range + 1) % range;
    byte[] block = keys.prf(PURPOSE, personKey);
    if (block.length < 8) {
      throw new IllegalStateException("prf must return at least 8 bytes");
    }
    while (true) {
      for (int word = 0; word + 8 <= block.length; word += 8) {
        long v = bigEndian(block, word) & Long.MAX_VALUE;
        // limit is the largest value below which every residue occurs equally often, minus one.
        if (v <= limit) {
          return (int) (v % range) - maxDays;
        }
      }
      byte[] previous = block;
      block = keys.prf(PURPOSE, previous);
      Arrays.fill(previous, (byte) 0);
    }
  }

  private static long bigEndian(byte[] bytes, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xFF);
    }
    return v;
  }
}
