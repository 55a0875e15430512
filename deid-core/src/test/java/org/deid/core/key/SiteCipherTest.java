package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteCipherTest {
  private static final byte[] AD = "T1".getBytes(StandardCharsets.UTF_8);
  private final SecureRandom random = new SecureRandom();

  @Test
  void seal_sameInputTwice_isDeterministicAndCarriesHeader() {
    KeyMaterial keys = KeyMaterial.generate(random);
    SiteCipher cipher = new SiteCipher(keys.site());
    byte[] plain = new byte[32];
    byte[] a = cipher.seal(plain, AD);
    assertThat(cipher.seal(plain, AD)).isEqualTo(a);
    assertThat(a).hasSize(5 + 16 + 32);
    assertThat(a[0]).isEqualTo((byte) 1);
    int id = ((a[1] & 0xff) << 24) | ((a[2] & 0xff) << 16) | ((a[3] & 0xff) << 8) | (a[4] & 0xff);
    assertThat(id).isEqualTo(keys.site().primaryId());
    assertThat(cipher.open(a, AD, "x")).isEqualTo(plain);
  }

  @Test
  void seal_equalsTinkKeysetWithTinkPrefix() throws Exception {
    // An independent path through Tink's keyset API must give byte-identical envelopes.
    DeterministicAeadConfig.register();
    KeyMaterial keys = KeyMaterial.generate(random);
    SiteKey key = keys.site().primary();
    AesSivKey tinkKey =
        AesSivKey.builder()
            .setParameters(
                AesSivParameters.builder()
                    .setKeySizeBytes(64)
                    .setVariant(AesSivParameters.Variant.TINK)
                    .build())
            .setKeyBytes(
                com.google.crypto.tink.util.SecretBytes.copyFrom(
                    key.key().copy(), InsecureSecretKeyAccess.get()))
            .setIdRequirement(key.id())
            .build();
    KeysetHandle handle =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(tinkKey).withFixedId(key.id()).makePrimary())
            .build();
    DeterministicAead tink =
        handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
    byte[] plain = "any 32 bytes of linkage digest!!".getBytes(StandardCharsets.UTF_8);
    assertThat(new SiteCipher(keys.site()).seal(plain, AD))
        .isEqualTo(tink.encryptDeterministically(plain, AD));
  }

  @Test
  void open_oldKeyAfterRotation_stillDecrypts() {
    KeyMaterial keys = KeyMaterial.generate(random);
    byte[] sealed = new SiteCipher(keys.site()).seal(new byte[] {1, 2, 3}, AD);
    KeyMaterial rotated = keys.rotateSite(random);
    assertThat(new SiteCipher(rotated.site()).open(sealed, AD, "x")).containsExactly(1, 2, 3);
  }

  @Test
  void open_badInputs_failWithReasonAndWithoutEchoingInput() {
    KeyMaterial keys = KeyMaterial.generate(random).rotateSite(random);
    SiteCipher cipher = new SiteCipher(keys.site());
    String text = cipher.sealText(new byte[32], AD);
    byte[] env = Base64.getUrlDecoder().decode(text);

    byte[] tampered = env.clone();
    tampered[10] ^= 1;
    byte[] version = env.clone();
    version[0] = 2;
    byte[] unknown = env.clone();
    unknown[1] ^= (byte) 0x80;
    expectFailure(cipher, encode(tampered), AD, DecryptionException.Reason.AUTHENTICATION_FAILED);
    expectFailure(
        cipher,
        text,
        "T2".getBytes(StandardCharsets.UTF_8),
        DecryptionException.Reason.AUTHENTICATION_FAILED);
    expectFailure(cipher, encode(version), AD, DecryptionException.Reason.UNSUPPORTED_VERSION);
    expectFailure(cipher, encode(unknown), AD, DecryptionException.Reason.UNKNOWN_KEY);
    expectFailure(cipher, text.substring(0, 20), AD, DecryptionException.Reason.MALFORMED);
    expectFailure(cipher, "$$$" + text, AD, DecryptionException.Reason.MALFORMED);
  }

  @Test
  void open_disabledKey_refused() {
    KeyMaterial keys = KeyMaterial.generate(random);
    SiteKey old = keys.site().primary();
    String text = new SiteCipher(keys.site()).sealText(new byte[32], AD);
    KeyMaterial rotated = keys.rotateSite(random);
    SiteKeyset withDisabled =
        new SiteKeyset(
            List.of(old.withStatus(KeyStatus.DISABLED), rotated.site().primary()),
            rotated.site().primaryId());
    expectFailure(new SiteCipher(withDisabled), text, AD, DecryptionException.Reason.DISABLED_KEY);
  }

  private static String encode(byte[] envelope) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(envelope);
  }

  private static void expectFailure(
      SiteCipher cipher, String text, byte[] ad, DecryptionException.Reason reason) {
    assertThatThrownBy(() -> cipher.openText(text, ad, "token for rule T1"))
        .isInstanceOfSatisfying(
            DecryptionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).startsWith("token for rule T1: ").doesNotContain(text);
              assertThat(e.getCause()).isNull();
            });
  }
}
