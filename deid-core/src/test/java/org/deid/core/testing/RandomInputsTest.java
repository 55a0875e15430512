package org.deid.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomInputsTest {
  @Test
  void unicodeString_sameSeed_sameValues() {
    RandomInputs first = RandomInputs.seeded(42);
    RandomInputs second = RandomInputs.seeded(42);
    for (int i = 0; i < 100; i++) {
      assertThat(first.unicodeString(30)).isEqualTo(second.unicodeString(30));
    }
  }

  @Test
  void unicodeString_manyValues_reachEveryHostileGroupWithinMaxLength() {
    RandomInputs random = RandomInputs.seeded(7);
    StringBuilder all = new StringBuilder();
    boolean sawEmpty = false;
    boolean sawMax = false;
    for (int i = 0; i < 2000; i++) {
      String s = random.unicodeString(12);
      assertThat(s.length()).isLessThanOrEqualTo(12);
      sawEmpty |= s.isEmpty();
      sawMax |= s.length() == 12;
      all.append(s).append('|');
    }
    String text = all.toString();
    assertThat(sawEmpty).isTrue();
    assertThat(sawMax).isTrue();
    assertThat(text.codePoints().anyMatch(Character::isSupplementaryCodePoint)).isTrue();
    assertThat(text.chars().anyMatch(c -> Character.getType(c) == Character.NON_SPACING_MARK))
        .isTrue();
    assertThat(
            text.chars()
                .anyMatch(
                    c -> Character.getDirectionality(c) == Character.DIRECTIONALITY_RIGHT_TO_LEFT))
        .isTrue();
    assertThat(text.chars().anyMatch(Character::isISOControl)).isTrue();
    assertThat(hasUnpairedSurrogate(text)).isTrue();
  }

  @Test
  void csvField_manyValues_neverNulReplacementOrUnpairedSurrogate() {
    RandomInputs random = RandomInputs.seeded(11);
    for (int i = 0; i < 2000; i++) {
      String field = random.csvField(12);
      assertThat(field).doesNotContain("\u0000", "\ufffd");
      assertThat(hasUnpairedSurrogate(field)).as(PropertyCases.describe(field)).isFalse();
    }
  }

  @Test
  void check_failingProperty_namesCaseAndReplayableSeed() {
    List<Long> seen = new ArrayList<>();
    PropertyCases.Check<Long> failsOnFourthValue =
        value -> {
          seen.add(value);
          assertThat(seen).hasSizeLessThan(4);
        };
    assertThatThrownBy(
            () -> PropertyCases.check(5, 10, List.of(), RandomInputs::anyLong, failsOnFourthValue))
        .hasMessageContaining("case 3 of 10")
        .hasMessageContaining(
            String.format(java.util.Locale.ROOT, "0x%016XL", PropertyCases.caseSeed(5, 3)));
    assertThat(RandomInputs.seeded(PropertyCases.caseSeed(5, 3)).anyLong()).isEqualTo(seen.get(3));
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
