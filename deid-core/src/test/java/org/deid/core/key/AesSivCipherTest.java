package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesSiv;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link AesSivCipher} against RFC 5297 and Tink's {@code subtle.AesSiv} as the oracle. */
class AesSivCipherTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encrypt_rfc5297A1DeterministicVector_matches() throws Exception {
    byte[] key = HEX.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    byte[] ad = HEX.parseHex("101112131415161718191a1b1c1d1e1f2021222324252627");
    byte[] plain = HEX.parseHex("112233445566778899aabbccddee");
    byte[] expected = HEX.parseHex("85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c");
    AesSivCipher cipher = new AesSivCipher(key);
    assertThat(cipher.encrypt(plain, ad)).isEqualTo(expected);
    assertThat(cipher.decrypt(expected, ad)).isEqualTo(plain);
  }

  @Test
  void encrypt_randomKeysTextsAndAssociatedData_equalsTinkAesSiv() throws Exception {
    SplittableRandom random = new SplittableRandom(20261203L);
    for (int round = 0; round < 3000; round++) {
      byte[] key = bytes(random, 64);
      byte[] plain = bytes(random, length(random));
      byte[] ad = bytes(random, length(random));
      AesSiv tink = new AesSiv(key);
      AesSivCipher cipher = new AesSivCipher(key);
      byte[] expected = tink.encryptDeterministically(plain, ad);
      assertThat(cipher.encrypt(plain, ad)).as("round %d", round).isEqualTo(expected);
      assertThat(cipher.decrypt(expected, ad)).as("round %d", round).isEqualTo(plain);
      assertThat(tink.decryptDeterministically(cipher.encrypt(plain, ad), ad)).isEqualTo(plain);
    }
  }

  @Test
  void encrypt_manyTextsUnderOneKey_equalsTinkAesSiv() throws Exception {
    SplittableRandom random = new SplittableRandom(7L);
    byte[] key = bytes(random, 64);
    AesSiv tink = new AesSiv(key);
    AesSivCipher cipher = new AesSivCipher(key);
    for (int round = 0; round < 3000; round++) {
      byte[] plain = bytes(random, length(random));
      byte[] ad = bytes(random, random.nextInt(4) == 0 ? 0 : length(random));
      assertThat(cipher.encrypt(plain, ad))
          .as("round %d", round)
          .isEqualTo(tink.encryptDeterministically(plain, ad));
    }
  }

  @Test
  void encrypt_moreRecurringAssociatedDataThanRemembered_equalsTinkAesSiv() throws Exception {
    SplittableRandom random = new SplittableRandom(17L);
    byte[] key = bytes(random, 64);
    AesSiv tink = new AesSiv(key);
    AesSivCipher cipher = new AesSivCipher(key);
    byte[][] ads = new byte[13][];
    for (int i = 0; i < ads.length; i++) {
      ads[i] = bytes(random, i == 12 ? 100 : 1 + random.nextInt(20));
    }
    for (int round = 0; round < 2000; round++) {
      byte[] plain = bytes(random, length(random));
      byte[] ad = ads[random.nextInt(ads.length)];
      assertThat(cipher.encrypt(plain, ad))
          .as("round %d", round)
          .isEqualTo(tink.encryptDeterministically(plain, ad));
    }
  }

  @Test
  void encrypt_associatedDataArrayChangedBetweenCalls_usesNewContent() throws Exception {
    byte[] key = bytes(new SplittableRandom(19L), 64);
    AesSivCipher cipher = new AesSivCipher(key);
    byte[] ad = {'T', '1'};
    byte[] plain = new byte[32];
    cipher.encrypt(plain, ad);
    ad[1] = '2';
    assertThat(cipher.encrypt(plain, ad))
        .isEqualTo(new AesSiv(key).encryptDeterministically(plain, new byte[] {'T', '2'}));
  }

  @Test
  void encrypt_longTextBeyondOneCounterBatch_equalsTinkAesSiv() throws Exception {
    SplittableRandom random = new SplittableRandom(11L);
    byte[] key = bytes(random, 64);
    for (int length : new int[] {511, 512, 513, 4099}) {
      byte[] plain = bytes(random, length);
      byte[] ad = bytes(random, 9);
      assertThat(new AesSivCipher(key).encrypt(plain, ad))
          .isEqualTo(new AesSiv(key).encryptDeterministically(plain, ad));
    }
  }

  @Test
  void encrypt_nullAssociatedData_equalsEmptyAndTink() throws Exception {
    byte[] key = bytes(new SplittableRandom(3L), 64);
    byte[] plain = {1, 2, 3};
    AesSivCipher cipher = new AesSivCipher(key);
    assertThat(cipher.encrypt(plain, null)).isEqualTo(cipher.encrypt(plain, new byte[0]));
    assertThat(cipher.encrypt(plain, null))
        .isEqualTo(new AesSiv(key).encryptDeterministically(plain, null));
  }

  @Test
  void encrypt_intoOffset_writesSameBytesAsReturned() {
    byte[] key = bytes(new SplittableRandom(5L), 64);
    byte[] plain = bytes(new SplittableRandom(6L), 32);
    AesSivCipher cipher = new AesSivCipher(key);
    byte[] out = new byte[5 + 16 + 32];
    cipher.encrypt(plain, new byte[] {7}, out, 5);
    byte[] tail = java.util.Arrays.copyOfRange(out, 5, out.length);
    assertThat(tail).isEqualTo(cipher.encrypt(plain, new byte[] {7}));
    assertThat(java.util.Arrays.copyOf(out, 5)).containsOnly(0);
  }

  @Test
  void decrypt_anyFlippedBit_failsAuthentication() {
    SplittableRandom random = new SplittableRandom(9L);
    byte[] key = bytes(random, 64);
    byte[] ad = {'T', '1'};
    AesSivCipher cipher = new AesSivCipher(key);
    byte[] sealed = cipher.encrypt(bytes(random, 32), ad);
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] altered = sealed.clone();
      altered[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> cipher.decrypt(altered, ad))
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void decrypt_otherAssociatedDataOrShortInput_fails() {
    AesSivCipher cipher = new AesSivCipher(bytes(new SplittableRandom(4L), 64));
    byte[] sealed = cipher.encrypt(new byte[] {1}, new byte[] {'A'});
    assertThatThrownBy(() -> cipher.decrypt(sealed, new byte[] {'B'}))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> cipher.decrypt(new byte[15], null))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void constructor_wrongKeyLength_isRejectedWithoutShowingTheKey() {
    assertThatThrownBy(() -> new AesSivCipher(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AES-SIV key must be 32, 48 or 64 bytes, not 33");
  }

  @Test
  void encrypt_fromManyThreads_equalsSingleThreaded() throws Exception {
    SplittableRandom random = new SplittableRandom(13L);
    byte[] key = bytes(random, 64);
    AesSivCipher cipher = new AesSivCipher(key);
    byte[][] plains = new byte[200][];
    byte[][] expected = new byte[200][];
    for (int i = 0; i < plains.length; i++) {
      plains[i] = bytes(random, length(random));
      expected[i] = new AesSiv(key).encryptDeterministically(plains[i], new byte[] {(byte) i});
    }
    Thread[] threads = new Thread[4];
    boolean[] ok = new boolean[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] =
          new Thread(
              () -> {
                boolean all = true;
                for (int round = 0; round < 20; round++) {
                  for (int i = 0; i < plains.length; i++) {
                    all &=
                        java.util.Arrays.equals(
                            cipher.encrypt(plains[i], new byte[] {(byte) i}), expected[i]);
                  }
                }
                ok[id] = all;
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ok).containsOnly(true);
  }

  private static int length(SplittableRandom random) {
    // Mostly around the block boundaries, where S2V and CMAC padding branch.
    return random.nextInt(3) == 0 ? random.nextInt(100) : random.nextInt(40);
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
