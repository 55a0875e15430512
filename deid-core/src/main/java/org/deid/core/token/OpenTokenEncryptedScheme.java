package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.SecretBytes;

/**
 * OpenToken's encrypted tokens (OpenToken 1.12):
 *
 * <pre>
 * token = Base64( IV (12 random bytes) || AES-256-GCM(key, US-ASCII(hash-only token)) || tag (16) )
 *                                                                              96 chars
 * </pre>
 *
 * <p>Randomized: the same signature gives a different token every time, so these tokens can only be
 * compared after {@link OpenTokenDecryptor} turns them back into hash-only tokens. The digest is
 * the same 32-byte HMAC as {@link OpenTokenHashScheme}'s. A rule with a missing attribute gives 64
 * {@code '0'} characters. Thread-safe factory; its tokenizers are not thread-safe.
 */
public final class OpenTokenEncryptedScheme implements TokenScheme {
  /** The profile name. */
  public static final String PROFILE = "opentoken-encrypted";

  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;

  private final OpenTokenHashScheme hashScheme;
  private final SecretKeySpec encryptionKey;
  private final SecureRandom random;

  /**
   * Prepares the scheme.
   *
   * @param hashingSecret the hashing secret (UTF-8 bytes of OpenToken's secret text)
   * @param encryptionKey 32 bytes (UTF-8 bytes of OpenToken's 32-character encryption key)
   * @param random source of the IVs
   * @throws IllegalArgumentException when the encryption key is not 32 bytes
   */
  public OpenTokenEncryptedScheme(
      SecretBytes hashingSecret, SecretBytes encryptionKey, SecureRandom random) {
    this.hashScheme = new OpenTokenHashScheme(hashingSecret);
    this.encryptionKey = OpenTokenDecryptor.aesKey(encryptionKey);
    this.random = random;
  }

  @Override
  public String profile() {
    return PROFILE;
  }

  @Override
  public Tokenizer newTokenizer() {
    Tokenizer hasher = hashScheme.newTokenizer();
    Cipher cipher;
    try {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
    return new Tokenizer() {
      @Override
      public String token(TokenRule rule, String signature) {
        byte[] plain = hasher.token(rule, signature).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[IV_BYTES + plain.length + TAG_BITS / 8];
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        try {
          cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
          cipher.doFinal(plain, 0, plain.length, out, IV_BYTES);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return Base64.getEncoder().encodeToString(out);
      }

      @Override
      public byte[] digest(TokenRule rule, String signature) {
        return hasher.digest(rule, signature);
      }
    };
  }

  @Override
  public String blankToken() {
    return OpenTokenHashScheme.BLANK_TOKEN;
  }
}
