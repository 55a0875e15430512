package org.deid.core.key;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key material. Modelled on Tink's {@code SecretBytes}: there is no casual getter, the type
 * is not {@code Serializable}, {@link #toString()} shows only the length, and {@link
 * #equalsSecret(SecretBytes)} compares in constant time.
 *
 * <p>Thread-safe. {@link #destroy()} zeroes the held bytes; afterwards every read fails with {@link
 * IllegalStateException}. {@link Object#equals(Object)} is identity on purpose: use {@link
 * #equalsSecret(SecretBytes)} to compare contents.
 */
public final class SecretBytes {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies key bytes into a new secret. The caller still owns (and should wipe) {@code bytes}.
   *
   * @param bytes at least one byte
   * @return a secret holding a private copy
   * @throws IllegalArgumentException when {@code bytes} is empty
   */
  public static SecretBytes copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    return new SecretBytes(bytes.clone());
  }

  /**
   * Draws a new random secret.
   *
   * @param length number of bytes, at least one
   * @param random source of randomness, normally a {@link SecureRandom#getInstanceStrong()} or
   *     default {@code new SecureRandom()}
   * @return a fresh secret
   */
  public static SecretBytes random(int length, SecureRandom random) {
    if (length < 1) {
      throw new IllegalArgumentException("secret length must be positive");
    }
    byte[] fresh = new byte[length];
    random.nextBytes(fresh);
    return new SecretBytes(fresh);
  }

  /**
   * Returns the number of secret bytes (not secret itself).
   *
   * @return the length in bytes
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns a copy of the secret bytes. The caller must wipe it ({@code Arrays.fill(copy, (byte)
   * 0)}) as soon as it is no longer needed.
   *
   * @return a new array
   * @throws IllegalStateException after {@link #destroy()}
   */
  public byte[] copy() {
    checkAlive();
    return bytes.clone();
  }

  /**
   * Compares two secrets in time that depends only on their lengths.
   *
   * @param other another secret
   * @return true when both hold the same bytes
   * @throws IllegalStateException when either was destroyed
   */
  public boolean equalsSecret(SecretBytes other) {
    checkAlive();
    other.checkAlive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zeroes the secret. Idempotent. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  /**
   * Tells whether {@link #destroy()} was called.
   *
   * @return true once destroyed
   */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Shows the length only, never the content. */
  @Override
  public String toString() {
    return "SecretBytes[length=" + bytes.length + (destroyed ? ", destroyed" : "") + "]";
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secret was destroyed");
    }
  }
}
