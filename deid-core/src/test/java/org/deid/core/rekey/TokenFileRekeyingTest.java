package org.deid.core.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import org.deid.core.pipeline.RunOptions;
import org.deid.core.policy.PolicyLoader;
import org.deid.core.testing.PropertyCases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Re-keying a tokenized file equals tokenizing the PII with the rotated keys. */
class TokenFileRekeyingTest {
  private static final Path SAMPLE = Path.of("../examples/patients.csv");
  private static final Path SAFE_HARBOR = Path.of("../examples/safe-harbor.yaml");
  private static final Path KEYS = Path.of("../conformance/tokens/test-keys.json");

  private static KeyMaterial oldKeys;
  private static KeyMaterial newKeys;
  private static byte[] underOld;
  private static byte[] underNew;

  @BeforeAll
  static void tokenizeUnderBothKeys() throws Exception {
    oldKeys = KeyFiles.read(KEYS);
    newKeys = oldKeys.rotateSite(new java.security.SecureRandom());
    underOld = tokenize(oldKeys);
    underNew = tokenize(newKeys);
  }

  private static byte[] tokenize(KeyMaterial keys) throws Exception {
    byte[] input = Files.readAllBytes(SAMPLE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deidentifier.create(PolicyLoader.load(SAFE_HARBOR), keys)
        .run(
            RunInput.of("patients.csv", () -> new ByteArrayInputStream(input)),
            out,
            RunOptions.defaults());
    return out.toByteArray();
  }

  private static byte[] rekey(KeyMaterial keys, byte[] tokenized, PipelineOptions options)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TokenFileRekeying(keys, TokenFileRekeying.DEFAULT_PREFIX, Optional.empty())
        .run(RunInput.of("old.csv", () -> new ByteArrayInputStream(tokenized)), out, options);
    return out.toByteArray();
  }

  @Test
  void rekey_afterRotation_equalsTokenizingWithTheNewKey_atAnyThreadCount() throws Exception {
    assertThat(underNew).isNotEqualTo(underOld);
    PropertyCases.check(
        0x5E7E_0002L,
        4,
        List.of(1, 3),
        random -> random.intBetween(1, 4),
        threads ->
            assertThat(
                    rekey(
                        newKeys,
                        underOld,
                        PipelineOptions.defaults().withThreads(threads).withChunkSize(97)))
                .isEqualTo(underNew));
  }

  @Test
  void rekey_ofATokenAlreadyUnderThePrimary_isUnchanged() throws Exception {
    assertThat(rekey(newKeys, underNew, PipelineOptions.defaults())).isEqualTo(underNew);
  }

  @Test
  void rekey_emptyTokensStayEmpty_andOtherColumnsAreCopied() throws Exception {
    String csv = "id,token_T1,note\n1,,\"a, b\"\n";

    byte[] out = rekey(newKeys, csv.getBytes(StandardCharsets.UTF_8), PipelineOptions.defaults());

    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(csv);
  }

  @Test
  void rekey_tokenThatDoesNotDecrypt_failsWithLineAndColumn_withoutTheToken() {
    String bogus = "AQAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    String csv = "id,token_T1\n1,\n2," + bogus + "\n";

    assertThatThrownBy(
            () -> rekey(newKeys, csv.getBytes(StandardCharsets.UTF_8), PipelineOptions.defaults()))
        .isInstanceOf(DeidRunException.class)
        .hasMessageContaining("old.csv")
        .hasMessageContaining("line 3")
        .hasMessageContaining("token_T1")
        .message()
        .doesNotContain(bogus);
  }

  @Test
  void rekey_withoutAnyTokenColumn_failsNamingThePrefix() {
    assertThatThrownBy(
            () ->
                rekey(
                    newKeys,
                    "id,name\n1,x\n".getBytes(StandardCharsets.UTF_8),
                    PipelineOptions.defaults()))
        .isInstanceOf(DeidRunException.class)
        .hasMessageContaining("token_");
  }
}
