package org.deid.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.junit.jupiter.api.Test;

/** Recomputes {@code conformance/tokens/deid-v1.tsv} from {@code test-keys.json}. */
class ConformanceVectorsTest {
  private static final Path DIR = Path.of("..", "conformance", "tokens");

  @Test
  void everyVector_recomputes_andDecryptsBackToDigest() throws Exception {
    KeyMaterial keys = KeyFiles.read(DIR.resolve("test-keys.json"));
    List<String> lines = Files.readAllLines(DIR.resolve("deid-v1.tsv"), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("# format: deid-token-vectors v1");
    Tokenizer tokenizer = new DeidV1TokenScheme(keys).newTokenizer();
    SiteTokens siteTokens = new SiteTokens(keys);
    int vectors = 0;
    boolean nonAscii = false;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      assertThat(f).as(line).hasSize(4);
      TokenRule rule = BuiltInRules.byId(f[0]).orElseThrow();
      assertThat(HexFormat.of().formatHex(tokenizer.digest(rule, f[1]))).as(f[0]).isEqualTo(f[2]);
      assertThat(tokenizer.token(rule, f[1])).as(f[0]).isEqualTo(f[3]);
      assertThat(HexFormat.of().formatHex(siteTokens.decryptToDigest(f[3], f[0]))).isEqualTo(f[2]);
      nonAscii |= !StandardCharsets.US_ASCII.newEncoder().canEncode(f[1]);
      vectors++;
    }
    assertThat(vectors).isGreaterThanOrEqualTo(20);
    assertThat(nonAscii).isTrue();
  }

  @Test
  void testKeys_areLabelledTestOnly() throws Exception {
    KeyMaterial keys = KeyFiles.read(DIR.resolve("test-keys.json"));
    assertThat(keys.linkage().id()).startsWith("TEST-ONLY");
    assertThat(keys.prf().id()).startsWith("TEST-ONLY");
  }
}
