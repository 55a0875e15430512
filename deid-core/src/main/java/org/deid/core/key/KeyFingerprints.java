package org.deid.core.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints that identify a secret in reports and metadata without revealing it.
 *
 * <p>The fingerprint is the first 16 lower-case hex characters (64 bits) of {@code HMAC-SHA256(key
 * = the secret, message = "deid key fingerprint v1")}. Unlike a plain hash of the secret it cannot
 * be checked against guesses without computing an HMAC per guess under that guess as key, and it
 * never equals the SHA-256 that other tools (OpenToken's metadata) publish, so two tools' metadata
 * cannot be joined by it. Deterministic and thread-safe.
 */
public final class KeyFingerprints {
  private static final byte[] LABEL = "deid key fingerprint v1".getBytes(StandardCharsets.UTF_8);

  private KeyFingerprints() {}

  /**
   * Computes the keyed fingerprint of a secret.
   *
   * @param secret the secret; not destroyed
   * @return 16 lower-case hex characters
   */
  public static String of(SecretBytes secret) {
    byte[] key = secret.copy();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(LABEL), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
