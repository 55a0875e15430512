package org.deid.core.key;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/** An HMAC computed by a second library, to check the JDK-based code independently. */
public final class TestHmac {
  private TestHmac() {}

  /** HMAC-SHA256 of a UTF-8 message, as lower-case hex. */
  public static String hex(byte[] key, String message) {
    return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key)
        .hmacHex(message.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of raw bytes. */
  public static byte[] bytes(byte[] key, byte[] message) {
    return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key).hmac(message);
  }
}
