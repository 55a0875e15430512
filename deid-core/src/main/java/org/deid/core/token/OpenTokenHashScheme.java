package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.SecretBytes;

/**
 * OpenToken's hash-only tokens (OpenToken 1.12):
 *
 * <pre>
 * token = Base64( HMAC-SHA256( key = hashing secret bytes,
 *                              message = lower-case hex of SHA-256(UTF-8(signature)) ) )   44 chars
 * </pre>
 *
 * <p>Deterministic and keyed; the rule id is not part of the hash (as in OpenToken). The digest is
 * the 32-byte HMAC. A rule with a missing attribute gives 64 {@code '0'} characters. Thread-safe
 * factory; its tokenizers are not thread-safe.
 */
public final class OpenTokenHashScheme implements TokenScheme {
  /** The profile name. */
  public static final String PROFILE = "opentoken-hash";
  /** OpenToken's blank token: 64 {@code '0'} characters. */
  public static final String BLANK_TOKEN = "0".repeat(64);

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec hashingKey;

  /**
   * Prepares the scheme.
   *
   * @param hashingSecret the hashing secret; OpenToken uses the UTF-8 bytes of its secret text
   */
  public OpenTokenHashScheme(SecretBytes hashingSecret) {
    byte[] raw = hashingSecret.copy();
    try {
      this.hashingKey = new SecretKeySpec(raw, "HmacSHA256");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public String profile() {
    return PROFILE;
  }

  @Override
  public Tokenizer newTokenizer() {
    return new HashTokenizer(hashingKey);
  }

  @Override
  public String blankToken() {
    return BLANK_TOKEN;
  }

  /** One SHA-256 and one HMAC instance, reused. */
  static final class HashTokenizer implements Tokenizer {
    private final MessageDigest sha256;
    private final Mac mac;
    private final byte[] hex = new byte[64];

    HashTokenizer(SecretKeySpec key) {
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
        this.mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 or HmacSHA256 is unavailable", e);
      }
    }

    @Override
    public String token(TokenRule rule, String signature) {
      return Base64.getEncoder().encodeToString(digest(rule, signature));
    }

    @Override
    public byte[] digest(TokenRule rule, String signature) {
      byte[] hash = sha256.digest(signature.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < hash.length; i++) {
        hex[2 * i] = HEX[(hash[i] >> 4) & 0xf];
        hex[2 * i + 1] = HEX[hash[i] & 0xf];
      }
      return mac.doFinal(hex);
    }
  }
}
