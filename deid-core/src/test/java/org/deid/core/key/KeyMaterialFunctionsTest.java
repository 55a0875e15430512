package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyMaterialFunctionsTest {
  private final KeyMaterial keys = TestKeys.fixed(3);
  private final KeyMaterialFunctions functions = new KeyMaterialFunctions(keys);

  @Test
  void prf_isHmacOfPurposeZeroMessage_underPrfKey() {
    byte[] message = "person-42".getBytes(StandardCharsets.UTF_8);
    byte[] expected =
        TestHmac.bytes(
            keys.prf().key().copy(), "date-shift\0person-42".getBytes(StandardCharsets.UTF_8));
    assertThat(functions.prf("date-shift", message)).isEqualTo(expected);
  }

  @Test
  void prf_differentPurpose_differs() {
    byte[] message = {1, 2, 3};
    assertThat(functions.prf("a", message)).isNotEqualTo(functions.prf("b", message));
  }

  @Test
  void prf_manyThreads_sameResult() throws Exception {
    byte[] expected = functions.prf("date-shift", new byte[] {9});
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> functions.prf("date-shift", new byte[] {9})));
      }
      for (Future<byte[]> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void pseudonym_sameValue_isDeterministicAndReveals() {
    String a = functions.pseudonym("mrn", "MRN-00017 é");
    assertThat(functions.pseudonym("mrn", "MRN-00017 é")).isEqualTo(a);
    assertThat(functions.pseudonym("account", "MRN-00017 é")).isNotEqualTo(a);
    assertThat(a).matches("[A-Za-z0-9_-]+").doesNotContain("MRN");
    assertThat(functions.revealPseudonym("mrn", a)).isEqualTo("MRN-00017 é");
  }

  @Test
  void revealPseudonym_otherDomain_failsWithoutEcho() {
    String text = functions.pseudonym("mrn", "12345");
    assertThatThrownBy(() -> functions.revealPseudonym("account", text))
        .isInstanceOf(DecryptionException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(text).doesNotContain("12345"));
  }

  @Test
  void revealPseudonym_afterRotation_oldTextStillReveals() {
    KeyMaterial base = TestKeys.random();
    String old = new KeyMaterialFunctions(base).pseudonym("mrn", "A1");
    KeyMaterialFunctions rotated = new KeyMaterialFunctions(base.rotateSite(new SecureRandom()));
    assertThat(rotated.revealPseudonym("mrn", old)).isEqualTo("A1");
    assertThat(rotated.pseudonym("mrn", "A1")).isNotEqualTo(old);
  }
}
