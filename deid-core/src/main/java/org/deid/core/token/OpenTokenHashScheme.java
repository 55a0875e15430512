package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.HmacSha256;
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

  /** One SHA-256 and one HMAC instance and the scratch buffers, reused. */
  static final class HashTokenizer implements Tokenizer {
    private static final byte[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha256;
    private final HmacSha256 mac;
    private final byte[] hex = new byte[64];
    private final byte[] hash = new byte[32];
    private final byte[] text = new byte[44];
    private final SignatureBytes utf8 = new SignatureBytes();

    HashTokenizer(SecretKeySpec key) {
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 is unavailable", e);
      }
      byte[] raw = key.getEncoded();
      try {
        this.mac = new HmacSha256(raw);
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }

    /** Base64 (standard alphabet, padded: 44 characters) of the 32-byte digest. */
    @Override
    public String token(TokenRule rule, String signature) {
      computeMac(signature, hash);
      int t = 0;
      for (int i = 0; i < 30; i += 3) {
        int bits = (hash[i] & 0xff) << 16 | (hash[i + 1] & 0xff) << 8 | (hash[i + 2] & 0xff);
        text[t++] = BASE64[bits >>> 18];
        text[t++] = BASE64[(bits >>> 12) & 0x3f];
        text[t++] = BASE64[(bits >>> 6) & 0x3f];
        text[t++] = BASE64[bits & 0x3f];
      }
      int bits = (hash[30] & 0xff) << 16 | (hash[31] & 0xff) << 8;
      text[t++] = BASE64[bits >>> 18];
      text[t++] = BASE64[(bits >>> 12) & 0x3f];
      text[t++] = BASE64[(bits >>> 6) & 0x3f];
      text[t] = '=';
      return new String(text, StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] digest(TokenRule rule, String signature) {
      byte[] out = new byte[32];
      computeMac(signature, out);
      return out;
    }

    private void computeMac(String signature, byte[] out) {
      try {
        int length = utf8.encode(signature);
        sha256.update(utf8.bytes(), 0, length);
        utf8.wipe();
        sha256.digest(hash, 0, 32);
        for (int i = 0; i < hash.length; i++) {
          hex[2 * i] = HEX[(hash[i] >> 4) & 0xf];
          hex[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        mac.update(hex);
        mac.doFinal(out, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 or HmacSHA256 failed", e);
      }
    }
  }
}
