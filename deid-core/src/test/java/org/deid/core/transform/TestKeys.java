package org.deid.core.transform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Real keyed functions over the JDK for tests: HMAC-SHA256 under a fixed test key. The pseudonym is
 * a deterministic HMAC (not reversible), which is enough to test transforms that call it.
 */
public final class TestKeys implements KeyedFunctions {
  private final byte[] key;

  /** Uses the fixed test key. */
  public TestKeys() {
    this("deid-test-key-0123456789abcdef01");
  }

  /**
   * Uses another key, to show outputs depend on it.
   *
   * @param key key text
   */
  public TestKeys(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] prf(String purpose, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String pseudonym(String domain, String value) {
    byte[] mac = prf("test-pseudonym:" + domain, value.getBytes(StandardCharsets.UTF_8));
    return "k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }
}
