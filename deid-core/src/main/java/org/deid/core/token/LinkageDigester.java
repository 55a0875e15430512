package org.deid.core.token;

import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.HmacSha256;
import org.deid.core.key.LinkageSecret;

/**
 * Computes the linkage digest {@code D = HMAC-SHA256(K_link, UTF-8(rule id) || 0x00 ||
 * UTF-8(signature))}. NOT thread-safe (one {@link HmacSha256}); create one per tokenizer.
 */
final class LinkageDigester {
  private final HmacSha256 mac;
  private final SignatureBytes utf8 = new SignatureBytes();

  LinkageDigester(SecretKeySpec linkKey) {
    byte[] raw = linkKey.getEncoded();
    try {
      this.mac = new HmacSha256(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  static SecretKeySpec keyOf(LinkageSecret linkage) {
    byte[] raw = linkage.key().copy();
    try {
      return new SecretKeySpec(raw, "HmacSHA256");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  byte[] digest(TokenRule rule, String signature) {
    mac.update(rule.idUtf8());
    mac.update((byte) 0);
    int length = utf8.encode(signature);
    mac.update(utf8.bytes(), 0, length);
    utf8.wipe();
    return mac.doFinal();
  }
}
