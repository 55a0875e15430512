package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyedHashTransformTest {
  private final TestKeys keys = new TestKeys();
  private final TestRow row = TestRow.empty();

  @Test
  void hash_isBase64UrlOfPrfOverNormalizedValue() {
    byte[] expected = keys.prf("hash:mrn", "AB12".getBytes(StandardCharsets.UTF_8));
    String hash =
        new KeyedHashTransform("mrn", keys, KeyedHashTransform.FULL_LENGTH).apply("ab12", row);
    assertThat(hash)
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected))
        .hasSize(43);
  }

  @Test
  void hash_caseAndSurroundingBlanks_doNotChangeTheOutput() {
    KeyedHashTransform hash = new KeyedHashTransform("mrn", keys, 43);
    assertThat(hash.apply("  ab12 ", row)).isEqualTo(hash.apply("AB12", row));
  }

  @Test
  void hash_differentColumnOrKey_givesDifferentOutput() {
    String mrn = new KeyedHashTransform("mrn", keys, 43).apply("AB12", row);
    assertThat(new KeyedHashTransform("member_id", keys, 43).apply("AB12", row)).isNotEqualTo(mrn);
    assertThat(new KeyedHashTransform("mrn", new TestKeys("other key"), 43).apply("AB12", row))
        .isNotEqualTo(mrn);
  }

  @Test
  void hash_truncated_isPrefixOfTheFullHash() {
    String full = new KeyedHashTransform("mrn", keys, 43).apply("AB12", row);
    assertThat(new KeyedHashTransform("mrn", keys, 16).apply("AB12", row))
        .isEqualTo(full.substring(0, 16));
  }

  @Test
  void hash_blank_returnsEmpty() {
    assertThat(new KeyedHashTransform("mrn", keys, 43).apply(" ", row)).isEmpty();
  }

  @Test
  void hash_lengthOutOfRange_isRejected() {
    assertThatThrownBy(() -> new KeyedHashTransform("mrn", keys, 44))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
