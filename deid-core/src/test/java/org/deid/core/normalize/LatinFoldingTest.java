package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.deid.core.testing.PropertyCases;
import org.junit.jupiter.api.Test;

class LatinFoldingTest {
  private static final String LATIN_AND_MARKS = latinAndMarks();

  @Test
  void decomposeAndDropMarks_everySingleCharOrCharWithMark_equalsFullNfdWithoutMarks() {
    for (int i = 0; i < LATIN_AND_MARKS.length(); i++) {
      for (String suffix : new String[] {"", "\u0301", "\u0308", "\u0301\u0308"}) {
        String s = LATIN_AND_MARKS.charAt(i) + suffix;
        assertThat(LatinFolding.decomposeAndDropMarks(s))
            .as("input %s", PropertyCases.describe(s))
            .isEqualTo(reference(s));
      }
    }
  }

  @Test
  void decomposeAndDropMarks_tableFastPath_equalsFullNfdWithoutMarks() {
    List<String> edgeCases =
        List.of(
            "",
            "\u0000",
            "\u02ff",
            "\u0301",
            "\u0301\u0308e",
            "\u00c5\u0301\u0308",
            "a".repeat(20),
            "\u00e9".repeat(20));
    PropertyCases.check(
        0x1A71_F01DL,
        5000,
        edgeCases,
        random -> random.stringOf(LATIN_AND_MARKS, 0, 20),
        s -> assertThat(LatinFolding.decomposeAndDropMarks(s)).isEqualTo(reference(s)));
  }

  /** The slow, obviously correct definition: NFD of the whole string, then no category M. */
  private static String reference(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  /** U+0000 to U+02FF plus the combining acute and diaeresis, each once. */
  private static String latinAndMarks() {
    List<Character> chars = new ArrayList<>();
    for (char c = '\u0000'; c <= '\u02ff'; c++) {
      chars.add(c);
    }
    chars.add('\u0301');
    chars.add('\u0308');
    StringBuilder text = new StringBuilder();
    chars.forEach(text::append);
    return text.toString();
  }
}
