package org.deid.core.token;

import java.nio.charset.StandardCharsets;
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
  private byte[] utf8 = new byte[128];

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
    updateUtf8(signature);
    return mac.doFinal();
  }

  /** Feeds UTF-8 of the text to the MAC; ASCII text goes through a reused buffer. */
  private void updateUtf8(String value) {
    int length = value.length();
    if (length > utf8.length) {
      utf8 = new byte[Math.max(length, 2 * utf8.length)];
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        mac.update(value.getBytes(StandardCharsets.UTF_8));
        return;
      }
      utf8[i] = (byte) c;
    }
    mac.update(utf8, 0, length);
    // The signature is PII: do not leave it in the buffer until the next call.
    Arrays.fill(utf8, 0, length, (byte) 0);
  }
}
