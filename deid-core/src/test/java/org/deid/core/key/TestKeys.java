package org.deid.core.key;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** Deterministic key material for tests (never for real data). */
public final class TestKeys {
  private TestKeys() {}

  /** Key material whose every byte comes from {@code seed}. */
  public static KeyMaterial fixed(int seed) {
    return new KeyMaterial(
        new LinkageSecret("link-test", SecretBytes.copyOf(filled(32, seed))),
        new SiteKeyset(
            List.of(
                new SiteKey(
                    1000 + seed, KeyStatus.ENABLED, SecretBytes.copyOf(filled(64, seed + 1)))),
            1000 + seed),
        new PrfKey("prf-test", SecretBytes.copyOf(filled(32, seed + 2))));
  }

  /** Fresh random keys. */
  public static KeyMaterial random() {
    return KeyMaterial.generate(new SecureRandom());
  }

  /** Every base64 encoding of every secret, to assert that none appears in a message. */
  public static List<String> base64Secrets(KeyMaterial keys) {
    List<SecretBytes> secrets = new java.util.ArrayList<>();
    secrets.add(keys.linkage().key());
    secrets.add(keys.prf().key());
    keys.site().keys().forEach(k -> secrets.add(k.key()));
    List<String> out = new java.util.ArrayList<>();
    for (SecretBytes secret : secrets) {
      byte[] raw = secret.copy();
      out.add(Base64.getEncoder().encodeToString(raw));
      out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      out.add(java.util.HexFormat.of().formatHex(raw));
    }
    return out;
  }

  static byte[] filled(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed * 31 + i);
    }
    return bytes;
  }
}
