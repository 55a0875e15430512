package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF-8 bytes of one signature at a time, in a reused buffer: ASCII text (the usual case) is
 * encoded without allocating. A signature is PII, so {@link #wipe()} zeroes the bytes once they are
 * hashed. NOT thread-safe: one per tokenizer.
 */
final class SignatureBytes {
  private byte[] buffer = new byte[128];
  private byte[] current = buffer;
  private int length;

  /**
   * Encodes a signature; the bytes are {@code bytes()[0, length)}.
   *
   * @param signature the text
   * @return the number of bytes
   */
  int encode(String signature) {
    int chars = signature.length();
    if (chars > buffer.length) {
      buffer = new byte[Math.max(chars, 2 * buffer.length)];
    }
    for (int i = 0; i < chars; i++) {
      char c = signature.charAt(i);
      if (c >= 0x80) {
        Arrays.fill(buffer, 0, i, (byte) 0);
        current = signature.getBytes(StandardCharsets.UTF_8);
        length = current.length;
        return length;
      }
      buffer[i] = (byte) c;
    }
    current = buffer;
    length = chars;
    return length;
  }

  /**
   * @return the array holding the encoded bytes from index 0
   */
  byte[] bytes() {
    return current;
  }

  /** Zeroes the encoded bytes. */
  void wipe() {
    Arrays.fill(current, 0, length, (byte) 0);
    current = buffer;
    length = 0;
  }
}
