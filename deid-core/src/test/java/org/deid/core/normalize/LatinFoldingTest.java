package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LatinFoldingTest {
  @Provide
  Arbitrary<String> latinText() {
    return Arbitraries.strings().withCharRange('\u0000', '\u02ff').withChars('\u0301', '\u0308')
        .ofMaxLength(20);
  }

  @Property(tries = 3000)
  void decomposeAndDropMarks_tableFastPath_equalsFullNfdWithoutMarks(
      @ForAll("latinText") String s) {
    assertThat(LatinFolding.decomposeAndDropMarks(s)).isEqualTo(reference(s));
  }

  /** The slow, obviously correct definition: NFD of the whole string, then no category M. */
  private static String reference(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }
}
