package org.deid.core.token;

import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.SiteCipher;

/**
 * deid's default token scheme, {@code deid-v1}:
 *
 * <pre>
 * D     = HMAC-SHA256(K_link, UTF-8(rule id) || 0x00 || UTF-8(signature))          32 bytes
 * token = base64url-no-padding( 0x01 || site key id (4 bytes, big-endian)
 *                               || AES-SIV(primary site key, D, ad = UTF-8(rule id)) )  71 chars
 * </pre>
 *
 * <p>Deterministic per site key: the same person gives the same token within one client; other
 * clients' tokens differ and only key holders can relate them (through {@code D}). Thread-safe
 * factory; its tokenizers are not thread-safe. A rule with a missing attribute gives {@code ""}.
 */
public final class DeidV1TokenScheme implements TokenScheme {
  /** The profile name. */
  public static final String PROFILE = "deid-v1";

  private final SecretKeySpec linkKey;
  private final SiteCipher siteCipher;

  /**
   * Prepares the scheme over a client's keys (linkage secret and primary site key).
   *
   * @param keys the client's keys
   */
  public DeidV1TokenScheme(KeyMaterial keys) {
    this.linkKey = LinkageDigester.keyOf(keys.linkage());
    this.siteCipher = new SiteCipher(keys.site());
  }

  @Override
  public String profile() {
    return PROFILE;
  }

  @Override
  public Tokenizer newTokenizer() {
    LinkageDigester digester = new LinkageDigester(linkKey);
    return new Tokenizer() {
      @Override
      public String token(TokenRule rule, String signature) {
        byte[] digest = digester.digest(rule, signature);
        try {
          return siteCipher.sealText(digest, rule.idUtf8());
        } finally {
          Arrays.fill(digest, (byte) 0);
        }
      }

      @Override
      public String token(TokenRule rule, String signature, byte[] digest) {
        return siteCipher.sealText(digest, rule.idUtf8());
      }

      @Override
      public byte[] digest(TokenRule rule, String signature) {
        return digester.digest(rule, signature);
      }
    };
  }

  @Override
  public String blankToken() {
    return "";
  }
}
