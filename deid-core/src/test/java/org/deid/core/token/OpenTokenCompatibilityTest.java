package org.deid.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.deid.core.key.DecryptionException;
import org.deid.core.key.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the OpenToken schemes against OpenToken 1.12's own output (test resources). */
class OpenTokenCompatibilityTest {
  private static final SecretBytes HASHING =
      SecretBytes.copyOf("HashingKey".getBytes(StandardCharsets.UTF_8));
  private static final SecretBytes ENCRYPTION =
      SecretBytes.copyOf("Secret-Encryption-Key-Goes-Here.".getBytes(StandardCharsets.UTF_8));

  @Test
  void decrypt_everyOpenTokenEncryptedToken_givesHashedOutputLine() throws IOException {
    List<String> encrypted = lines("output.csv");
    List<String> hashed = lines("hashed-output.csv");
    assertThat(encrypted).hasSize(hashed.size()).hasSizeGreaterThan(500);
    OpenTokenDecryptor decryptor = new OpenTokenDecryptor(ENCRYPTION);
    int blanks = 0;
    for (int i = 1; i < encrypted.size(); i++) {
      String[] e = encrypted.get(i).split(",", -1);
      String[] h = hashed.get(i).split(",", -1);
      assertThat(e[0]).isEqualTo(h[0]);
      assertThat(e[2]).isEqualTo(h[2]);
      assertThat(decryptor.decrypt(e[1])).as("line %d", i + 1).isEqualTo(h[1]);
      blanks += h[1].equals(OpenTokenHashScheme.BLANK_TOKEN) ? 1 : 0;
    }
    assertThat(blanks).isPositive();
  }

  @ParameterizedTest
  @CsvSource({
    // line of hashed-output.csv, signature from sample.csv under OpenToken's normalization
    "2, DOE|J|MALE|2000-01-01",
    "3, DOE|JOHN|2000-01-01|980",
    "4, DOE|JOHN|MALE|2000-01-01",
    "6, DOE|JOH|MALE",
    "10, 172100983|MALE|1951-10-22",
  })
  void hashToken_sampleRows_equalsOpenTokenOutput(int line, String signature) throws IOException {
    String expected = lines("hashed-output.csv").get(line - 1).split(",")[1];
    TokenRule rule =
        BuiltInRules.byId(lines("hashed-output.csv").get(line - 1).split(",")[0]).orElseThrow();
    assertThat(new OpenTokenHashScheme(HASHING).newTokenizer().token(rule, signature))
        .isEqualTo(expected);
  }

  @Test
  void encryptedScheme_tokens_decryptToOwnHashTokens_andAreRandomized() {
    TokenRule t3 = BuiltInRules.byId("T3").orElseThrow();
    OpenTokenEncryptedScheme scheme =
        new OpenTokenEncryptedScheme(HASHING, ENCRYPTION, new SecureRandom());
    Tokenizer encrypted = scheme.newTokenizer();
    Tokenizer hash = new OpenTokenHashScheme(HASHING).newTokenizer();
    OpenTokenDecryptor decryptor = new OpenTokenDecryptor(ENCRYPTION);
    for (String signature : DeidV1TokenSchemeTest.randomSignatures(50, new java.util.Random(3))) {
      String token = encrypted.token(t3, signature);
      assertThat(token).hasSize(96);
      assertThat(decryptor.decrypt(token)).isEqualTo(hash.token(t3, signature)).hasSize(44);
      assertThat(encrypted.token(t3, signature)).isNotEqualTo(token);
      assertThat(encrypted.digest(t3, signature)).isEqualTo(hash.digest(t3, signature));
    }
    assertThat(scheme.blankToken()).isEqualTo("0".repeat(64));
    assertThat(scheme.profile()).isEqualTo("opentoken-encrypted");
  }

  @Test
  void decrypt_tamperedOrWrongKey_rejectedWithoutEcho() {
    String token =
        new OpenTokenEncryptedScheme(HASHING, ENCRYPTION, new SecureRandom())
            .newTokenizer()
            .token(BuiltInRules.byId("T1").orElseThrow(), "DOE|J|MALE|2000-01-01");
    char c = token.charAt(30);
    String tampered = token.substring(0, 30) + (c == 'A' ? 'B' : 'A') + token.substring(31);
    OpenTokenDecryptor decryptor = new OpenTokenDecryptor(ENCRYPTION);
    assertThatThrownBy(() -> decryptor.decrypt(tampered))
        .isInstanceOfSatisfying(
            DecryptionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DecryptionException.Reason.AUTHENTICATION_FAILED);
              assertThat(e.getMessage()).doesNotContain(tampered);
            });
    byte[] other = "Secret-Encryption-Key-Goes-Here!".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> new OpenTokenDecryptor(SecretBytes.copyOf(other)).decrypt(token))
        .isInstanceOf(DecryptionException.class);
    assertThatThrownBy(() -> decryptor.decrypt("not*base64"))
        .isInstanceOfSatisfying(
            DecryptionException.class,
            e -> assertThat(e.reason()).isEqualTo(DecryptionException.Reason.MALFORMED));
  }

  @Test
  void hashScheme_blankToken_is64Zeros() {
    OpenTokenHashScheme scheme = new OpenTokenHashScheme(HASHING);
    assertThat(scheme.blankToken()).isEqualTo("0".repeat(64));
    assertThat(scheme.profile()).isEqualTo("opentoken-hash");
  }

  private static List<String> lines(String name) throws IOException {
    try (InputStream in =
        OpenTokenCompatibilityTest.class.getResourceAsStream("/opentoken-crypto/" + name)) {
      byte[] bytes = in.readAllBytes();
      return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    }
  }
}
