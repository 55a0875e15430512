package org.deid.core.key;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) that starts every message from SHA-256 states saved after the key's inner
 * and outer pad blocks, so a short message costs two SHA-256 blocks fewer than the JDK's {@code
 * Mac}, which hashes both pad blocks again for every message. The output is the same as {@code
 * Mac.getInstance("HmacSHA256")} under the same key (the tests compare them).
 *
 * <p>Deterministic and keyed. NOT thread-safe: one instance per thread. Keys longer than 64 bytes
 * are hashed first, as RFC 2104 says. The instance keeps key-derived hash states for its lifetime
 * and never shows them.
 */
public final class HmacSha256 {
  /** Length of the output. */
  public static final int MAC_BYTES = 32;

  private static final int BLOCK = 64;

  private final MessageDigest innerStart;
  private final MessageDigest outerStart;
  private final byte[] innerHash = new byte[MAC_BYTES];
  private MessageDigest inner;

  /**
   * Prepares the MAC. The caller keeps (and wipes) its array.
   *
   * @param key the HMAC key, at least one byte
   * @throws IllegalArgumentException when the key is empty
   */
  public HmacSha256(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("HMAC key must not be empty");
    }
    byte[] block = new byte[BLOCK];
    byte[] shortKey = key.length > BLOCK ? sha256().digest(key) : key;
    System.arraycopy(shortKey, 0, block, 0, shortKey.length);
    this.innerStart = sha256();
    this.outerStart = sha256();
    for (int i = 0; i < BLOCK; i++) {
      innerStart.update((byte) (block[i] ^ 0x36));
      outerStart.update((byte) (block[i] ^ 0x5c));
    }
    Arrays.fill(block, (byte) 0);
    if (shortKey != key) {
      Arrays.fill(shortKey, (byte) 0);
    }
  }

  /**
   * Adds one byte to the message.
   *
   * @param b the byte
   */
  public void update(byte b) {
    inner().update(b);
  }

  /**
   * Adds bytes to the message.
   *
   * @param bytes the bytes
   */
  public void update(byte[] bytes) {
    inner().update(bytes);
  }

  /**
   * Adds {@code length} bytes from {@code offset} to the message.
   *
   * @param bytes holds the bytes
   * @param offset first byte
   * @param length number of bytes
   */
  public void update(byte[] bytes, int offset, int length) {
    inner().update(bytes, offset, length);
  }

  /**
   * Finishes the message and starts the next one.
   *
   * @return the 32-byte MAC, a new array
   */
  public byte[] doFinal() {
    byte[] out = new byte[MAC_BYTES];
    doFinal(out, 0);
    return out;
  }

  /**
   * Finishes the message into {@code out} from {@code offset} and starts the next one.
   *
   * @param out receives 32 bytes
   * @param offset where they start
   * @throws IndexOutOfBoundsException when {@code out} has fewer than 32 bytes from {@code offset}
   */
  public void doFinal(byte[] out, int offset) {
    java.util.Objects.checkFromIndexSize(offset, MAC_BYTES, out.length);
    MessageDigest finished = inner();
    inner = null;
    try {
      finished.digest(innerHash, 0, MAC_BYTES);
      MessageDigest outer = copyOf(outerStart);
      outer.update(innerHash);
      outer.digest(out, offset, MAC_BYTES);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 failed", e);
    } finally {
      Arrays.fill(innerHash, (byte) 0);
    }
  }

  private MessageDigest inner() {
    if (inner == null) {
      inner = copyOf(innerStart);
    }
    return inner;
  }

  private static MessageDigest copyOf(MessageDigest start) {
    try {
      return (MessageDigest) start.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 state cannot be copied", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
