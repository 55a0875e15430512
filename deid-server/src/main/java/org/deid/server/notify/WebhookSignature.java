package org.deid.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhook calls: {@code X-Deid-Signature: v1=HEX} where HEX is
 * HMAC-SHA256(secret, TIMESTAMP + "." + BODY), TIMESTAMP being the {@code X-Deid-Timestamp} header
 * (Unix seconds) and the secret the ASCII text the administrator received when the client was
 * created. Deterministic and thread-safe.
 */
public final class WebhookSignature {
  /** The header carrying the signature. */
  public static final String SIGNATURE_HEADER = "X-Deid-Signature";

  /** The header carrying the timestamp that is signed with the body. */
  public static final String TIMESTAMP_HEADER = "X-Deid-Timestamp";

  private WebhookSignature() {}

  /**
   * Computes the signature header value.
   *
   * @param secret the client's webhook secret
   * @param timestamp Unix seconds, as sent in the timestamp header
   * @param body the exact request body
   * @return {@code v1=} followed by lower-case hex
   */
  public static String sign(byte[] secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /**
   * Verifies a received call (what a webhook receiver does).
   *
   * @param secret the client's webhook secret
   * @param timestampHeader the received timestamp header
   * @param signatureHeader the received signature header
   * @param body the exact received body
   * @param nowSeconds the receiver's current Unix time
   * @param toleranceSeconds how old (or early) a timestamp may be, against replays
   * @return true only if the signature matches and the timestamp is fresh
   */
  public static boolean verify(
      byte[] secret,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      long nowSeconds,
      long toleranceSeconds) {
    if (timestampHeader == null || signatureHeader == null) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(
        expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
