package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link HmacSha256} against the JDK's {@code HmacSHA256} and RFC 4231. */
class HmacSha256Test {
  @Test
  void doFinal_rfc4231TestCase2_matches() {
    HmacSha256 mac = new HmacSha256("Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    mac.update("what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac.doFinal()))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void doFinal_randomKeysAndMessagesInParts_equalsJdkMac() throws Exception {
    SplittableRandom random = new SplittableRandom(23L);
    for (int round = 0; round < 2000; round++) {
      byte[] key = bytes(random, 1 + random.nextInt(round % 10 == 0 ? 200 : 70));
      Mac jdk = Mac.getInstance("HmacSHA256");
      jdk.init(new SecretKeySpec(key, "HmacSHA256"));
      HmacSha256 mac = new HmacSha256(key);
      for (int message = 0; message < 3; message++) {
        byte[] data = bytes(random, random.nextInt(200));
        int split = data.length == 0 ? 0 : random.nextInt(data.length);
        mac.update(data, 0, split);
        jdk.update(data, 0, split);
        if (random.nextBoolean()) {
          mac.update((byte) 7);
          jdk.update((byte) 7);
        }
        mac.update(java.util.Arrays.copyOfRange(data, split, data.length));
        jdk.update(data, split, data.length - split);
        byte[] out = new byte[40];
        mac.doFinal(out, 8);
        assertThat(java.util.Arrays.copyOfRange(out, 8, 40))
            .as("round %d message %d", round, message)
            .isEqualTo(jdk.doFinal());
      }
    }
  }

  @Test
  void doFinal_emptyMessageTwice_equalsJdkMacEachTime() throws Exception {
    byte[] key = bytes(new SplittableRandom(3L), 32);
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(key, "HmacSHA256"));
    HmacSha256 mac = new HmacSha256(key);
    byte[] expected = jdk.doFinal();
    assertThat(mac.doFinal()).isEqualTo(expected);
    assertThat(mac.doFinal()).isEqualTo(expected);
  }

  @Test
  void constructor_emptyKey_isRejected() {
    assertThatThrownBy(() -> new HmacSha256(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
