package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deid.core.testing.PropertyCases;
import org.deid.core.testing.RandomInputs;
import org.junit.jupiter.api.Test;

/** The char-loop OPENTOKEN normalizers agree with the regex restatement of OpenToken's rules. */
class OpenTokenOracleTest {
  private static final int CASES = 10_000;
  private static final String[] NAME_PARTS = {
    "John",
    "smith",
    "Ann",
    "Ng",
    "ng",
    "Ly",
    "Oe",
    "A",
    "b",
    "X",
    "I",
    "i",
    "v",
    "Jr",
    "jr.",
    "SR",
    "Junior",
    "iii",
    "IV",
    "ix",
    "2nd",
    "11th",
    "3rd",
    "Dr",
    "dr.",
    "Mrs",
    "Miss",
    "Sister",
    "Honorable",
    "Rev",
    "Doctor",
    "Gen",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\u000b",
    "\u00a0",
    "\u2028",
    "\u0085",
    ".",
    "-",
    "'",
    ",",
    "é",
    "e\u0301",
    "ø",
    "ß",
    "ı",
    "İ",
    "ſ",
    "K",
    "😀",
    "\ud800",
    "Unknown",
    "N/A",
    "Test",
    "test",
    "Missing",
    "1",
    "42",
    "\u0000",
    "\u001f"
  };
  private static final String[] CODE_PARTS = {
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "5",
    "8",
    "9",
    "98004",
    "980",
    "1563",
    "000",
    "555",
    "888",
    "12345",
    "-",
    "--",
    " ",
    "\t",
    "\u00a0",
    ".",
    ".0",
    "K",
    "k",
    "1",
    "A",
    "a",
    "B",
    "H0H",
    "K1A",
    "M7A",
    "T2X",
    "1V4",
    "X0X 0X0",
    "A1A 1A1",
    "Z",
    "452-38-7291",
    "123-45-6789",
    "6789",
    "x"
  };

  /** Empty, lone surrogates, blank, and every single part on its own. */
  private static List<String> edgeCases(String[] parts) {
    List<String> cases = new ArrayList<>(List.of("", " ", "\ud800", "\udc00"));
    cases.addAll(List.of(parts));
    return cases;
  }

  /** Mostly joined parts; a fifth arbitrary Unicode text, which the parts alone never reach. */
  private static String generate(RandomInputs random, String[] parts) {
    return random.chance(0.2) ? random.unicodeString(20) : random.joined(parts, 1, 6);
  }

  @Test
  void firstName_anyInput_matchesRegexOracle() {
    PropertyCases.check(
        0x0F1257L,
        CASES,
        edgeCases(NAME_PARTS),
        random -> generate(random, NAME_PARTS),
        raw ->
            check(
                NameNormalizer.openToken(Attribute.FIRST_NAME),
                raw,
                OpenTokenRegexOracle.name(raw, true)));
  }

  @Test
  void lastName_anyInput_matchesRegexOracle() {
    PropertyCases.check(
        0x1A57L,
        CASES,
        edgeCases(NAME_PARTS),
        random -> generate(random, NAME_PARTS),
        raw ->
            check(
                NameNormalizer.openToken(Attribute.LAST_NAME),
                raw,
                OpenTokenRegexOracle.name(raw, false)));
  }

  @Test
  void ssn_anyInput_matchesRegexOracle() {
    PropertyCases.check(
        0x555L,
        CASES,
        edgeCases(CODE_PARTS),
        random -> generate(random, CODE_PARTS),
        raw -> check(SsnNormalizer.openToken(false), raw, OpenTokenRegexOracle.ssn(raw)));
  }

  @Test
  void postalCode_anyInput_matchesRegexOracle() {
    PropertyCases.check(
        0x21BL,
        CASES,
        edgeCases(CODE_PARTS),
        random -> generate(random, CODE_PARTS),
        raw ->
            check(
                PostalCodeNormalizer.openToken(false), raw, OpenTokenRegexOracle.postalCode(raw)));
  }

  private static void check(AttributeNormalizer normalizer, String raw, Optional<String> expected) {
    Normalized actual = normalizer.normalize(raw);
    assertThat(actual.isValid() ? Optional.of(actual.value()) : Optional.<String>empty())
        .isEqualTo(expected);
  }
}
