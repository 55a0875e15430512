package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimpleTransformsTest {
  private final TestRow row = TestRow.empty();

  @Test
  void keep_anyValue_returnsItUnchanged() {
    assertThat(KeepTransform.INSTANCE.apply(" E11.9;I10 ", row)).isEqualTo(" E11.9;I10 ");
    assertThat(row.invalid()).isEmpty();
  }

  @Test
  void redact_defaultEmpty_returnsEmptyForEveryValue() {
    RedactTransform redact = new RedactTransform("");
    assertThat(redact.apply("John", row)).isEmpty();
    assertThat(redact.apply("", row)).isEmpty();
  }

  @Test
  void redact_withReplacement_returnsTheConstant() {
    assertThat(new RedactTransform("REDACTED").apply("123-45-6789", row)).isEqualTo("REDACTED");
  }

  @Test
  void mask_keepLastFour_masksTheRest() {
    assertThat(new MaskTransform(0, 4, '*').apply("452387291", row)).isEqualTo("*****7291");
  }

  @Test
  void mask_keepFirstAndLast_masksTheMiddle() {
    assertThat(new MaskTransform(1, 1, '#').apply(" Smith ", row)).isEqualTo("S###h");
  }

  @Test
  void mask_valueNoLongerThanKeptCharacters_masksEverything() {
    assertThat(new MaskTransform(2, 2, '*').apply("abcd", row)).isEqualTo("****");
    assertThat(new MaskTransform(0, 4, '*').apply("12", row)).isEqualTo("**");
  }

  @Test
  void mask_supplementaryCharacters_countAsOneCharacter() {
    assertThat(new MaskTransform(0, 1, '*').apply("a\uD83D\uDE00b", row)).isEqualTo("**b");
  }

  @Test
  void mask_blank_returnsEmpty() {
    assertThat(new MaskTransform(0, 4, '*').apply("   ", row)).isEmpty();
  }

  @Test
  void mask_negativeCount_isRejected() {
    assertThatThrownBy(() -> new MaskTransform(-1, 0, '*'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pseudonym_trimsValueAndUsesColumnAsDomain() {
    TestKeys keys = new TestKeys();
    PseudonymTransform mrn = new PseudonymTransform("mrn", keys);
    assertThat(mrn.apply(" A123 ", row)).isEqualTo(keys.pseudonym("mrn", "A123"));
    assertThat(mrn.apply("A123", row))
        .isNotEqualTo(new PseudonymTransform("member_id", keys).apply("A123", row));
  }

  @Test
  void pseudonym_blank_returnsEmpty() {
    assertThat(new PseudonymTransform("mrn", new TestKeys()).apply(" ", row)).isEmpty();
  }
}
