package org.deid.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.deid.core.key.SecretBytes;
import org.deid.core.key.TestKeys;
import org.junit.jupiter.api.Test;

/** {@link Tokenizer#token(TokenRule, String, byte[])} and the reused byte buffers. */
class TokenizerDigestReuseTest {
  private static final TokenRule T1 = BuiltInRules.byId("T1").orElseThrow();
  private static final TokenRule T3 = BuiltInRules.byId("T3").orElseThrow();
  private static final String[] SIGNATURES = {
    "SMITH|J|M|1980-01-15",
    "",
    "O'BRIEN|ÉLODIE|F|1901-12-31",
    "李|小龙|M|1940-11-27",
    "X".repeat(300),
    "SMITH|J|M|1980-01-15"
  };

  @Test
  void deidV1TokenWithDigest_equalsTokenFromSignature() {
    Tokenizer tokenizer = new DeidV1TokenScheme(TestKeys.fixed(1)).newTokenizer();
    for (String signature : SIGNATURES) {
      for (TokenRule rule : new TokenRule[] {T1, T3}) {
        byte[] digest = tokenizer.digest(rule, signature);
        byte[] copy = digest.clone();
        assertThat(tokenizer.token(rule, signature, digest))
            .isEqualTo(tokenizer.token(rule, signature));
        assertThat(digest).isEqualTo(copy);
      }
    }
  }

  @Test
  void deidV1Digest_asciiAndNonAsciiSignatures_equalsHmacOfUtf8() {
    Tokenizer tokenizer = new DeidV1TokenScheme(TestKeys.fixed(1)).newTokenizer();
    for (String signature : SIGNATURES) {
      byte[] expected =
          org.deid.core.key.TestHmac.bytes(
              TestKeys.fixed(1).linkage().key().copy(),
              ("T1\0" + signature).getBytes(StandardCharsets.UTF_8));
      assertThat(tokenizer.digest(T1, signature)).as(signature).isEqualTo(expected);
    }
  }

  @Test
  void openTokenHash_tokenIsBase64OfDigestAndDefaultTokenWithDigestAgrees() {
    Tokenizer tokenizer =
        new OpenTokenHashScheme(SecretBytes.copyOf("HashingKey".getBytes(StandardCharsets.UTF_8)))
            .newTokenizer();
    for (String signature : SIGNATURES) {
      byte[] digest = tokenizer.digest(T1, signature);
      String token = tokenizer.token(T1, signature);
      assertThat(token).isEqualTo(Base64.getEncoder().encodeToString(digest)).hasSize(44);
      assertThat(tokenizer.token(T1, signature, digest)).isEqualTo(token);
    }
  }
}
