package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.DecryptionException;
import org.deid.core.key.SecretBytes;

/**
 * Turns OpenToken encrypted tokens back into hash-only tokens, so that they can be compared.
 * Thread-safe (one cipher per call; decryption is not on the tokenizing hot path).
 */
public final class OpenTokenDecryptor {
  private static final int KEY_BYTES = 32;

  private final SecretKeySpec key;

  /**
   * Prepares the decryptor.
   *
   * @param encryptionKey 32 bytes (UTF-8 bytes of OpenToken's 32-character encryption key)
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public OpenTokenDecryptor(SecretBytes encryptionKey) {
    this.key = aesKey(encryptionKey);
  }

  /**
   * Decrypts one token. OpenToken's blank token (64 {@code '0'}) is returned unchanged.
   *
   * @param encryptedToken a token from OpenToken or {@link OpenTokenEncryptedScheme}
   * @return the 44-character hash-only token, or the blank token
   * @throws DecryptionException when the token is not Base64, too short, or fails authentication
   *     (altered, or encrypted under another key); the message never echoes the token
   */
  public String decrypt(String encryptedToken) {
    if (OpenTokenHashScheme.BLANK_TOKEN.equals(encryptedToken)) {
      return encryptedToken;
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encryptedToken);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException(
          DecryptionException.Reason.MALFORMED, "OpenToken encrypted token: not Base64 text");
    }
    int tagBytes = OpenTokenEncryptedScheme.TAG_BITS / 8;
    if (raw.length < OpenTokenEncryptedScheme.IV_BYTES + tagBytes) {
      throw new DecryptionException(
          DecryptionException.Reason.MALFORMED, "OpenToken encrypted token: too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(
              OpenTokenEncryptedScheme.TAG_BITS, raw, 0, OpenTokenEncryptedScheme.IV_BYTES));
      byte[] plain =
          cipher.doFinal(
              raw,
              OpenTokenEncryptedScheme.IV_BYTES,
              raw.length - OpenTokenEncryptedScheme.IV_BYTES);
      return new String(plain, StandardCharsets.US_ASCII);
    } catch (AEADBadTagException e) {
      throw new DecryptionException(
          DecryptionException.Reason.AUTHENTICATION_FAILED,
          "OpenToken encrypted token: authentication failed (altered, or another key)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  static SecretKeySpec aesKey(SecretBytes encryptionKey) {
    if (encryptionKey.length() != KEY_BYTES) {
      throw new IllegalArgumentException(
          "OpenToken encryption key must be " + KEY_BYTES + " bytes");
    }
    byte[] raw = encryptionKey.copy();
    try {
      return new SecretKeySpec(raw, "AES");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
