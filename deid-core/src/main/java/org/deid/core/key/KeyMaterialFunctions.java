package org.deid.core.key;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.transform.KeyedFunctions;

/**
 * {@link KeyedFunctions} over a client's {@link KeyMaterial}. Thread-safe: each thread gets its own
 * {@link HmacSha256} (a {@code ThreadLocal}: in deid-bench's {@code TokenBenchmark} a reused MAC
 * took less than half the time of {@code Mac.getInstance} plus {@code init} per call) and {@link
 * AesSivCipher} keeps per-thread ciphers.
 *
 * <ul>
 *   <li>{@link #prf(String, byte[])} = {@code HMAC-SHA256(K_prf, UTF-8(purpose) || 0x00 ||
 *       message)}; deterministic, keyed, not reversible.
 *   <li>{@link #pseudonym(String, String)} = the site-token envelope (see {@link SiteCipher}) over
 *       {@code UTF-8(value)} with associated data {@code UTF-8("pseudonym:" + domain)};
 *       deterministic per primary site key, reversible by key holders with {@link
 *       #revealPseudonym(String, String)}.
 * </ul>
 */
public final class KeyMaterialFunctions implements KeyedFunctions {
  private static final String PSEUDONYM_PREFIX = "pseudonym:";

  private final ThreadLocal<HmacSha256> prfMac;
  private final SiteCipher siteCipher;

  /**
   * Prepares the functions. The key bytes are copied into the JDK's key objects.
   *
   * @param keys the client's keys
   */
  public KeyMaterialFunctions(KeyMaterial keys) {
    SecretKeySpec prfKey = hmacKey(keys.prf().key());
    this.prfMac = ThreadLocal.withInitial(() -> newHmac(prfKey));
    this.siteCipher = new SiteCipher(keys.site());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deterministic and keyed by the PRF key; distinct purposes give independent outputs.
   */
  @Override
  public byte[] prf(String purpose, byte[] message) {
    HmacSha256 mac = prfMac.get();
    mac.update(purpose.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    mac.update(message);
    return mac.doFinal();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Equal values in one domain give equal text under one primary site key; the text changes
   * after a site key rotation (old text still reveals).
   */
  @Override
  public String pseudonym(String domain, String value) {
    return siteCipher.sealText(value.getBytes(StandardCharsets.UTF_8), associatedData(domain));
  }

  /**
   * Reverses {@link #pseudonym(String, String)} for holders of the site keys.
   *
   * @param domain the domain given at encryption
   * @param text the pseudonym text
   * @return the original value
   * @throws DecryptionException when the text is malformed, of another domain, altered or made
   *     under an unknown or disabled key; the message does not echo the text
   */
  public String revealPseudonym(String domain, String text) {
    byte[] plain = siteCipher.openText(text, associatedData(domain), "pseudonym");
    try {
      return new String(plain, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] associatedData(String domain) {
    return (PSEUDONYM_PREFIX + domain).getBytes(StandardCharsets.UTF_8);
  }

  static SecretKeySpec hmacKey(SecretBytes secret) {
    byte[] raw = secret.copy();
    try {
      return new SecretKeySpec(raw, "HmacSHA256");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static HmacSha256 newHmac(SecretKeySpec key) {
    byte[] raw = key.getEncoded();
    try {
      return new HmacSha256(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
