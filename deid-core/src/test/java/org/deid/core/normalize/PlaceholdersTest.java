package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  @Test
  void isOpenTokenPlaceholder_anyCaseOfEachName_isPlaceholder() {
    for (String name : Placeholders.OPENTOKEN_NAMES) {
      assertThat(Placeholders.isOpenTokenPlaceholder(name.toUpperCase(java.util.Locale.ROOT)))
          .as(name)
          .isTrue();
      assertThat(Placeholders.isOpenTokenPlaceholder(name.toLowerCase(java.util.Locale.ROOT)))
          .as(name)
          .isTrue();
      assertThat(Placeholders.isOpenTokenPlaceholder(" " + name)).as(name).isFalse();
    }
  }

  @Test
  void isOpenTokenPlaceholder_nonAsciiLetterEqualIgnoringCase_followsJavaEqualsIgnoreCase() {
    // U+212A KELVIN SIGN lower-cases to 'k'; U+0130 upper-case dotted I lower-cases to 'i'.
    String kelvinMasked = "<mas\u212Aed>";
    assertThat(Placeholders.isOpenTokenPlaceholder(kelvinMasked))
        .isEqualTo("<masked>".equalsIgnoreCase(kelvinMasked));
    String dottedMissing = "M\u0130SSING";
    assertThat(Placeholders.isOpenTokenPlaceholder(dottedMissing))
        .isEqualTo("Missing".equalsIgnoreCase(dottedMissing));
  }

  @Test
  void isOpenTokenPlaceholder_randomCaseVariants_matchesEqualsIgnoreCaseLoop() {
    SplittableRandom random = new SplittableRandom(1L);
    String alphabet = "aAnNoOeEsStT/ <>\u212A\u0131\u017F";
    for (int round = 0; round < 20000; round++) {
      String value;
      if (random.nextBoolean()) {
        String name =
            Placeholders.OPENTOKEN_NAMES.get(random.nextInt(Placeholders.OPENTOKEN_NAMES.size()));
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
          int pick = random.nextInt(8);
          b.append(
              pick == 0
                  ? Character.toUpperCase(c)
                  : pick == 1
                      ? Character.toLowerCase(c)
                      : pick == 2 ? alphabet.charAt(random.nextInt(alphabet.length())) : c);
        }
        value = b.toString();
      } else {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        value = b.toString();
      }
      boolean expected = Placeholders.OPENTOKEN_NAMES.stream().anyMatch(value::equalsIgnoreCase);
      assertThat(Placeholders.isOpenTokenPlaceholder(value)).as(value).isEqualTo(expected);
    }
  }
}
