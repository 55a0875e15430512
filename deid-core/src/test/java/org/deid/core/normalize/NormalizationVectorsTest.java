package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the versioned golden vectors in {@code conformance/normalization/<profile>/<attribute>.tsv}
 * (shared with the CLI, server and Spark front ends) against the core normalizers.
 */
class NormalizationVectorsTest {
  static final Path VECTORS = Path.of("..", "conformance", "normalization");
  static final String FORMAT_LINE = "# format: deid-normalization-vectors v1";
  static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

  /** One vector: the raw value, the expected value or {@code !reason}, and where it is. */
  record Vector(String file, int line, String raw, String expected) {}

  @TestFactory
  Stream<DynamicNode> vectors_forEveryProfileAndAttribute_normalizeAsExpected() throws IOException {
    List<DynamicNode> profiles = new ArrayList<>();
    for (NormalizationProfile profile : NormalizationProfile.values()) {
      List<DynamicNode> attributes = new ArrayList<>();
      for (Attribute attribute : Attribute.values()) {
        Path file = VECTORS.resolve(directory(profile)).resolve(attribute.id() + ".tsv");
        if (!Files.exists(file)) {
          continue;
        }
        AttributeNormalizer normalizer = Normalizers.forAttribute(attribute, profile, TODAY);
        attributes.add(
            DynamicContainer.dynamicContainer(
                attribute.id(),
                read(file).stream()
                    .map(
                        v ->
                            DynamicTest.dynamicTest(
                                "line " + v.line(), () -> assertVector(normalizer, v)))));
      }
      profiles.add(DynamicContainer.dynamicContainer(directory(profile), attributes));
    }
    return profiles.stream();
  }

  @Test
  void vectors_deidV1AndOpenToken_haveAtLeast25PerAttribute() throws IOException {
    for (NormalizationProfile profile :
        List.of(NormalizationProfile.DEID_V1, NormalizationProfile.OPENTOKEN)) {
      for (Attribute attribute : Attribute.values()) {
        Path file = VECTORS.resolve(directory(profile)).resolve(attribute.id() + ".tsv");
        assertThat(read(file)).as(file.toString()).hasSizeGreaterThanOrEqualTo(25);
      }
    }
  }

  private static void assertVector(AttributeNormalizer normalizer, Vector v) {
    Normalized actual = normalizer.normalize(v.raw());
    String described = actual.isValid() ? actual.value() : "!" + actual.reason();
    assertThat(described).as("%s:%d", v.file(), v.line()).isEqualTo(v.expected());
  }

  static String directory(NormalizationProfile profile) {
    return profile.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static List<Vector> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).as(file + " header").first().isEqualTo(FORMAT_LINE);
    List<Vector> vectors = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      assertThat(tab).as("%s:%d has a tab", file, i + 1).isGreaterThanOrEqualTo(0);
      vectors.add(
          new Vector(
              file.toString(), i + 1, unescape(line.substring(0, tab)), line.substring(tab + 1)));
    }
    return vectors;
  }

  /** Reverses the file escapes {@code \t \n \r \\ \\uXXXX}. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }
}
