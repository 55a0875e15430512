package org.deid.core.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.LinkageSecret;
import org.deid.core.key.PrfKey;

/**
 * Writes {@code conformance/tokens/test-keys.json} (when absent) and {@code deid-v1.tsv}. Run by
 * hand once; {@link ConformanceVectorsTest} checks the committed files. Not a test.
 */
final class ConformanceVectorGenerator {
  static final List<String[]> CASES =
      List.of(
          new String[] {"T1", "SMITH|J|M|1980-01-15"},
          new String[] {"T2", "SMITH|JOHN|1980-01-15|980"},
          new String[] {"T3", "SMITH|JOHN|M|1980-01-15"},
          new String[] {"T4", "452387291|M|1980-01-15"},
          new String[] {"T5", "SMITH|JOH|M"},
          new String[] {"T1", "SMITH|J|F|1980-01-15"},
          new String[] {"T3", "SMITH|JOHN|M|1980-01-16"},
          new String[] {"T3", "SMITH|JOHN|MALE|1980-01-15"},
          new String[] {"T1", "DOE|J|MALE|2000-01-01"},
          new String[] {"T2", "DOE|JOHN|2000-01-01|980"},
          new String[] {"T2", "LEBLANC|ANNE|1975-12-31|H2X"},
          new String[] {"T4", "172100983|MALE|1951-10-22"},
          new String[] {"S1", "S530|J500|1980-01-15|M"},
          new String[] {"S2", "S530|J|1980|M|980"},
          new String[] {"T3", "MÜLLER|JÖRG|M|1962-03-04"},
          new String[] {"T3", "MULLER|JORG|M|1962-03-04"},
          new String[] {"T5", "ŁUKASZEWICZ|ŁUK|M"},
          new String[] {"T3", "王|小明|F|1990-06-30"},
          new String[] {"T3", "𝔄𝔅ℭ|😀|F|2001-02-03"},
          new String[] {"T1", "NG|Z|F|1910-01-01"},
          new String[] {"T5", "A|B|C"},
          new String[] {"T3", ""},
          new String[] {"T2", "WOLFESCHLEGELSTEINHAUSENBERGERDORFF|HUBERT|1914-02-29|100"},
          new String[] {"S1", "A000|B000|1999-09-09|F"});

  private ConformanceVectorGenerator() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "conformance/tokens");
    Path keyFile = dir.resolve("test-keys.json");
    if (!Files.exists(keyFile)) {
      SecureRandom random = new SecureRandom();
      KeyMaterial generated = KeyMaterial.generate(random).rotateSite(random);
      KeyMaterial labelled =
          new KeyMaterial(
              new LinkageSecret("TEST-ONLY-linkage", generated.linkage().key()),
              generated.site(),
              new PrfKey("TEST-ONLY-prf", generated.prf().key()));
      KeyFiles.write(labelled, keyFile);
    }
    writeVectors(KeyFiles.read(keyFile), dir.resolve("deid-v1.tsv"));
  }

  private static void writeVectors(KeyMaterial keys, Path out) throws IOException {
    Tokenizer tokenizer = new DeidV1TokenScheme(keys).newTokenizer();
    StringBuilder text = new StringBuilder();
    text.append("# format: deid-token-vectors v1\n")
        .append("# keys: test-keys.json (TEST ONLY, published: never use for real data)\n")
        .append("# scheme: deid-v1; D = HMAC-SHA256(K_link, UTF-8(rule_id) || 0x00 ||")
        .append(" UTF-8(signature)); token = base64url(0x01 || key id || AES-SIV(D, rule_id))\n")
        .append("# columns: rule_id, signature (UTF-8, may be empty), digest_hex, token\n");
    for (String[] c : CASES) {
      TokenRule rule = BuiltInRules.byId(c[0]).orElseThrow();
      text.append(c[0])
          .append('\t')
          .append(c[1])
          .append('\t')
          .append(HexFormat.of().formatHex(tokenizer.digest(rule, c[1])))
          .append('\t')
          .append(tokenizer.token(rule, c[1]))
          .append('\n');
    }
    Files.writeString(out, text, StandardCharsets.UTF_8);
  }
}
