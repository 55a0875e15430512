package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.deid.core.key.DecryptionException;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.SiteCipher;

/**
 * Operations on existing deid-v1 site tokens for holders of the site keys: recover the linkage
 * digest {@code D}, or re-key a token to the current primary site key after a rotation.
 * Thread-safe.
 */
public final class SiteTokens {
  private static final int DIGEST_BYTES = 32;

  private final SiteCipher siteCipher;

  /**
   * Prepares the operations over a client's site keyset.
   *
   * @param keys the client's keys
   */
  public SiteTokens(KeyMaterial keys) {
    this.siteCipher = new SiteCipher(keys.site());
  }

  /**
   * Decrypts a site token to its linkage digest with the site key its header names.
   *
   * @param token a deid-v1 site token
   * @param ruleId the rule the token was made for (bound as associated data)
   * @return the 32-byte digest {@code D}
   * @throws DecryptionException for a malformed token, another version, an unknown or disabled key
   *     id, a token of another rule, or an altered token; the message never echoes the token
   */
  public byte[] decryptToDigest(String token, String ruleId) {
    String what = "token for rule " + ruleId;
    byte[] digest = siteCipher.openText(token, ruleId.getBytes(StandardCharsets.UTF_8), what);
    if (digest.length != DIGEST_BYTES) {
      Arrays.fill(digest, (byte) 0);
      throw new DecryptionException(
          DecryptionException.Reason.MALFORMED, what + ": does not hold a 32-byte digest");
    }
    return digest;
  }

  /**
   * Re-encrypts a token under the current primary site key. The result equals the token that
   * tokenizing the original PII under the primary key would give.
   *
   * @param token a deid-v1 site token under any enabled key of the keyset
   * @param ruleId the rule the token was made for
   * @return the token under the primary key
   * @throws DecryptionException as for {@link #decryptToDigest(String, String)}
   */
  public String rekey(String token, String ruleId) {
    byte[] digest = decryptToDigest(token, ruleId);
    try {
      return siteCipher.sealText(digest, ruleId.getBytes(StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(digest, (byte) 0);
    }
  }
}
