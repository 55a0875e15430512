package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  @Test
  void copyOf_laterChangeToSource_doesNotChangeSecret() {
    byte[] source = {1, 2, 3};
    SecretBytes secret = SecretBytes.copyOf(source);
    Arrays.fill(source, (byte) 9);
    assertThat(secret.copy()).containsExactly(1, 2, 3);
  }

  @Test
  void copy_modifiedByCaller_doesNotChangeSecret() {
    SecretBytes secret = SecretBytes.copyOf(new byte[] {4, 5});
    byte[] copy = secret.copy();
    Arrays.fill(copy, (byte) 0);
    assertThat(secret.copy()).containsExactly(4, 5);
  }

  @Test
  void equalsSecret_sameAndDifferentContent_comparesContent() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2, 3}))).isTrue();
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2, 4}))).isFalse();
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2}))).isFalse();
    assertThat(a).isNotEqualTo(SecretBytes.copyOf(new byte[] {1, 2, 3}));
  }

  @Test
  void destroy_afterwards_readsFail() {
    SecretBytes secret = SecretBytes.copyOf(new byte[] {7});
    secret.destroy();
    assertThat(secret.isDestroyed()).isTrue();
    assertThatThrownBy(secret::copy).isInstanceOf(IllegalStateException.class);
    assertThat(secret.toString()).contains("destroyed");
  }

  @Test
  void toString_never_showsContent() {
    SecretBytes secret = SecretBytes.copyOf(new byte[] {0x41, 0x42, 0x43});
    assertThat(secret.toString()).isEqualTo("SecretBytes[length=3]");
  }

  @Test
  void random_givenLength_hasThatLengthAndDiffers() {
    SecureRandom random = new SecureRandom();
    SecretBytes a = SecretBytes.random(32, random);
    assertThat(a.length()).isEqualTo(32);
    assertThat(a.equalsSecret(SecretBytes.random(32, random))).isFalse();
  }

  @Test
  void type_isNotSerializable() {
    assertThat(Serializable.class.isAssignableFrom(SecretBytes.class)).isFalse();
  }

  @Test
  void copyOf_empty_isRejected() {
    assertThatThrownBy(() -> SecretBytes.copyOf(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
