package org.deid.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.core.key.DecryptionException;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.TestHmac;
import org.deid.core.key.TestKeys;
import org.junit.jupiter.api.Test;

class DeidV1TokenSchemeTest {
  private static final TokenRule T1 = BuiltInRules.byId("T1").orElseThrow();
  private static final TokenRule T3 = BuiltInRules.byId("T3").orElseThrow();
  private static final String SIG = "SMITH|J|M|1980-01-15";
  private final SecureRandom random = new SecureRandom();

  @Test
  void digest_isHmacOfRuleIdZeroSignature() {
    KeyMaterial keys = TestKeys.fixed(1);
    byte[] expected =
        TestHmac.bytes(
            keys.linkage().key().copy(), ("T1\0" + SIG).getBytes(StandardCharsets.UTF_8));
    assertThat(new DeidV1TokenScheme(keys).newTokenizer().digest(T1, SIG)).isEqualTo(expected);
  }

  @Test
  void token_sameInput_isDeterministicAcrossSchemesAndTokenizers() {
    KeyMaterial keys = TestKeys.fixed(1);
    String a = new DeidV1TokenScheme(keys).newTokenizer().token(T1, SIG);
    String b = new DeidV1TokenScheme(keys).newTokenizer().token(T1, SIG);
    assertThat(a).isEqualTo(b).hasSize(71).matches("[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(a)[0]).isEqualTo((byte) 1);
  }

  @Test
  void token_manySignaturesOnManyThreads_equalsSingleThreadResult() throws Exception {
    KeyMaterial keys = TestKeys.random();
    DeidV1TokenScheme scheme = new DeidV1TokenScheme(keys);
    List<String> signatures = randomSignatures(400, new Random(7));
    Tokenizer single = scheme.newTokenizer();
    List<String> expected = signatures.stream().map(s -> single.token(T3, s)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  Tokenizer own = scheme.newTokenizer();
                  return signatures.stream().map(s -> own.token(T3, s)).toList();
                }));
      }
      for (Future<List<String>> run : runs) {
        assertThat(run.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void token_otherRuleSameSignature_differs() {
    Tokenizer tokenizer = new DeidV1TokenScheme(TestKeys.fixed(1)).newTokenizer();
    assertThat(tokenizer.token(T1, SIG)).isNotEqualTo(tokenizer.token(T3, SIG));
  }

  @Test
  void token_otherSiteKeySameLinkage_sameDigestDifferentToken() {
    KeyMaterial a = TestKeys.fixed(1);
    KeyMaterial b = TestKeys.fixed(2).withLinkage(a.linkage());
    Tokenizer ta = new DeidV1TokenScheme(a).newTokenizer();
    Tokenizer tb = new DeidV1TokenScheme(b).newTokenizer();
    assertThat(ta.digest(T1, SIG)).isEqualTo(tb.digest(T1, SIG));
    assertThat(ta.token(T1, SIG)).isNotEqualTo(tb.token(T1, SIG));
  }

  @Test
  void rekey_afterRotation_equalsTokenizingUnderNewPrimary() {
    KeyMaterial keys = TestKeys.random();
    String oldToken = new DeidV1TokenScheme(keys).newTokenizer().token(T1, SIG);
    KeyMaterial rotated = keys.rotateSite(random);
    String fresh = new DeidV1TokenScheme(rotated).newTokenizer().token(T1, SIG);
    SiteTokens siteTokens = new SiteTokens(rotated);
    assertThat(fresh).isNotEqualTo(oldToken);
    assertThat(siteTokens.rekey(oldToken, "T1")).isEqualTo(fresh);
    assertThat(siteTokens.rekey(fresh, "T1")).isEqualTo(fresh);
    assertThat(siteTokens.decryptToDigest(oldToken, "T1"))
        .isEqualTo(new DeidV1TokenScheme(keys).newTokenizer().digest(T1, SIG));
  }

  @Test
  void decryptToDigest_tamperedOrWrongRuleOrForeignKey_rejectedWithoutEcho() {
    KeyMaterial keys = TestKeys.fixed(1);
    String token = new DeidV1TokenScheme(keys).newTokenizer().token(T1, SIG);
    SiteTokens siteTokens = new SiteTokens(keys);
    char last = token.charAt(40);
    String tampered = token.substring(0, 40) + (last == 'A' ? 'B' : 'A') + token.substring(41);
    assertRejected(siteTokens, tampered, "T1", DecryptionException.Reason.AUTHENTICATION_FAILED);
    assertRejected(siteTokens, token, "T3", DecryptionException.Reason.AUTHENTICATION_FAILED);
    assertRejected(
        new SiteTokens(TestKeys.fixed(2)), token, "T1", DecryptionException.Reason.UNKNOWN_KEY);
    assertRejected(siteTokens, "", "T1", DecryptionException.Reason.MALFORMED);
  }

  @Test
  void blankToken_isEmpty() {
    assertThat(new DeidV1TokenScheme(TestKeys.fixed(1)).blankToken()).isEmpty();
    assertThat(new DeidV1TokenScheme(TestKeys.fixed(1)).profile()).isEqualTo("deid-v1");
  }

  private static void assertRejected(
      SiteTokens siteTokens, String token, String ruleId, DecryptionException.Reason reason) {
    assertThatThrownBy(() -> siteTokens.decryptToDigest(token, ruleId))
        .isInstanceOfSatisfying(
            DecryptionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains("rule " + ruleId);
              if (!token.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(token);
              }
            });
  }

  static List<String> randomSignatures(int count, Random random) {
    List<String> out = new ArrayList<>();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ王|-0123456789";
    for (int i = 0; i < count; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      out.add(s.toString());
    }
    return out;
  }
}
