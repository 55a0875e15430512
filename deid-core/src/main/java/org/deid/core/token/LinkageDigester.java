package org.deid.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.LinkageSecret;

/**
 * Computes the linkage digest {@code D = HMAC-SHA256(K_link, UTF-8(rule id) || 0x00 ||
 * UTF-8(signature))}. NOT thread-safe (one {@link Mac}); create one per tokenizer.
 */
final class LinkageDigester {
  private final Mac mac;

  LinkageDigester(SecretKeySpec linkKey) {
    try {
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(linkKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
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
    mac.update(signature.getBytes(StandardCharsets.UTF_8));
    return mac.doFinal();
  }
}
