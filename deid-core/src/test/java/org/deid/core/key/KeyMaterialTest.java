package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void rotateSite_addsEnabledPrimary_andKeepsOldKeys() {
    KeyMaterial keys = KeyMaterial.generate(random);
    KeyMaterial rotated = keys.rotateSite(random);
    assertThat(rotated.site().keys()).hasSize(2);
    assertThat(rotated.site().primaryId()).isNotEqualTo(keys.site().primaryId());
    assertThat(rotated.site().byId(keys.site().primaryId())).isPresent();
    assertThat(rotated.site().primary().status()).isEqualTo(KeyStatus.ENABLED);
    assertThat(rotated.linkage()).isSameAs(keys.linkage());
    assertThat(rotated.prf()).isSameAs(keys.prf());
    assertThat(keys.site().keys()).hasSize(1);
  }

  @Test
  void describe_listsEveryKeyWithKeyedFingerprint() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random).rotateSite(random);
    List<KeyInfo> infos = keys.describe();
    assertThat(infos).extracting(KeyInfo::kind).containsExactly("linkage", "site", "site", "prf");
    assertThat(infos).extracting(KeyInfo::primary).containsExactly(true, false, true, true);
    assertThat(infos.get(2).id()).isEqualTo(Integer.toUnsignedString(keys.site().primaryId()));
    String plainHash =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(keys.linkage().key().copy()));
    assertThat(infos.get(0).fingerprint())
        .matches("[0-9a-f]{16}")
        .isEqualTo(KeyFingerprints.of(keys.linkage().key()))
        .isNotEqualTo(plainHash.substring(0, 16));
  }

  @Test
  void fingerprint_knownKey_isHmacOfLabelUnderKey() {
    // Fixed by the documented definition: HMAC-SHA256(key = 32 zero bytes, "deid key fingerprint
    // v1").
    String fingerprint = KeyFingerprints.of(SecretBytes.copyOf(new byte[32]));
    assertThat(fingerprint)
        .isEqualTo(TestHmac.hex(new byte[32], "deid key fingerprint v1").substring(0, 16));
  }

  @Test
  void toString_showsIdsButNoKeyMaterial() {
    KeyMaterial keys = KeyMaterial.generate(random);
    String text = keys.toString() + keys.describe() + keys.site().keys() + keys.linkage();
    assertThat(text).contains(keys.linkage().id());
    for (String secret : TestKeys.base64Secrets(keys)) {
      assertThat(text).doesNotContain(secret);
    }
  }
}
