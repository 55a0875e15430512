package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The char-loop OPENTOKEN normalizers agree with the regex restatement of OpenToken's rules. */
class OpenTokenOracleTest {
  private static final String[] NAME_PARTS = {
    "John", "smith", "Ann", "Ng", "ng", "Ly", "Oe", "A", "b", "X", "I", "i", "v", "Jr", "jr.", "SR",
    "Junior", "iii", "IV", "ix", "2nd", "11th", "3rd", "Dr", "dr.", "Mrs", "Miss", "Sister",
    "Honorable", "Rev", "Doctor", "Gen", " ", "  ", "\t", "\n", "\r", "\u000b", "\u00a0", "\u2028",
    "\u0085", ".", "-", "'", ",", "é", "e\u0301", "ø", "ß", "ı", "İ", "ſ", "K", "😀", "\ud800",
    "Unknown", "N/A", "Test", "test", "Missing", "1", "42", "\u0000", "\u001f"
  };
  private static final String[] CODE_PARTS = {
    "0", "1", "2", "3", "4", "5", "5", "8", "9", "98004", "980", "1563", "000", "555", "888",
    "12345", "-", "--", " ", "\t", "\u00a0", ".", ".0", "K", "k", "1", "A", "a", "B", "H0H", "K1A",
    "M7A", "T2X", "1V4", "X0X 0X0", "A1A 1A1", "Z", "452-38-7291", "123-45-6789", "6789", "x"
  };

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of(NAME_PARTS).list().ofMinSize(1).ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> codes() {
    return Arbitraries.of(CODE_PARTS).list().ofMinSize(1).ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 5000)
  void firstName_anyInput_matchesRegexOracle(@ForAll("names") String raw) {
    check(NameNormalizer.openToken(Attribute.FIRST_NAME), raw,
        OpenTokenRegexOracle.name(raw, true));
  }

  @Property(tries = 5000)
  void lastName_anyInput_matchesRegexOracle(@ForAll("names") String raw) {
    check(NameNormalizer.openToken(Attribute.LAST_NAME), raw,
        OpenTokenRegexOracle.name(raw, false));
  }

  @Property(tries = 5000)
  void ssn_anyInput_matchesRegexOracle(@ForAll("codes") String raw) {
    check(SsnNormalizer.openToken(false), raw, OpenTokenRegexOracle.ssn(raw));
  }

  @Property(tries = 5000)
  void postalCode_anyInput_matchesRegexOracle(@ForAll("codes") String raw) {
    check(PostalCodeNormalizer.openToken(false), raw, OpenTokenRegexOracle.postalCode(raw));
  }

  private static void check(AttributeNormalizer normalizer, String raw, Optional<String> expected) {
    Normalized actual = normalizer.normalize(raw);
    assertThat(actual.isValid() ? Optional.of(actual.value()) : Optional.<String>empty())
        .isEqualTo(expected);
  }
}
