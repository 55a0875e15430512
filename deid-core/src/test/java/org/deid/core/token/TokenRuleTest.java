package org.deid.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deid.core.normalize.Attribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenRuleTest {
  private static AttributeValues john() {
    AttributeValues values = new AttributeValues();
    values.set(Attribute.LAST_NAME, "SMITH");
    values.set(Attribute.FIRST_NAME, "JOHN");
    values.set(Attribute.SEX, "M");
    values.set(Attribute.BIRTH_DATE, "1980-01-15");
    values.set(Attribute.POSTAL_CODE, "98004");
    values.set(Attribute.SSN, "452387291");
    return values;
  }

  private static String signature(String expression, AttributeValues values) {
    return TokenRule.parse("X", expression).signature(values).orElse("<absent>");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "last_name|first_name[0:1]|sex|birth_date; SMITH|J|M|1980-01-15",
        "last_name | first_name | birth_date | postal_code[0:3]; SMITH|JOHN|1980-01-15|980",
        "ssn|sex|birth_date; 452387291|M|1980-01-15",
        "first_name[1:3]; OH",
        "first_name[0:99]; JOHN",
        "soundex(last_name); S530",
        "soundex(first_name); J500",
        "metaphone(last_name); SM0",
        "dmetaphone(last_name); SM0",
        "year(birth_date); 1980",
        "soundex(last_name)[0:2]; S5",
        "year( birth_date )[2:4]; 80",
        "LAST_NAME|Soundex(First_Name); SMITH|J500",
      })
  void signature_eachPartKind_buildsExpectedText(String expression, String expected) {
    assertThat(signature(expression, john())).isEqualTo(expected);
  }

  @Test
  void signature_missingAttribute_isEmpty() {
    AttributeValues values = john();
    values.clear(Attribute.SSN);
    assertThat(TokenRule.parse("T4", "ssn|sex|birth_date").signature(values)).isEmpty();
  }

  @Test
  void signature_sliceBeyondValue_isClippedOrAbsent() {
    AttributeValues values = new AttributeValues();
    values.set(Attribute.FIRST_NAME, "AL");
    assertThat(signature("first_name[0:3]", values)).isEqualTo("AL");
    assertThat(signature("first_name[2:3]", values)).isEqualTo("<absent>");
  }

  @Test
  void signature_sliceCountsCodePointsNotChars() {
    AttributeValues values = new AttributeValues();
    values.set(Attribute.LAST_NAME, "𝔄𝔅ℭD");
    assertThat(signature("last_name[0:2]", values)).isEqualTo("𝔄𝔅");
    assertThat(signature("last_name[2:4]", values)).isEqualTo("ℭD");
  }

  @Test
  void phonetic_valueWithoutAsciiLetters_isAbsent() {
    AttributeValues values = new AttributeValues();
    values.set(Attribute.LAST_NAME, "王");
    assertThat(signature("soundex(last_name)", values)).isEqualTo("<absent>");
    assertThat(signature("metaphone(last_name)", values)).isEqualTo("<absent>");
    values.set(Attribute.LAST_NAME, "Müller");
    assertThat(signature("soundex(last_name)", values)).isEqualTo("M460");
  }

  @Test
  void phonetic_spellingVariants_shareCode() {
    AttributeValues a = new AttributeValues();
    a.set(Attribute.LAST_NAME, "SMITH");
    AttributeValues b = new AttributeValues();
    b.set(Attribute.LAST_NAME, "SMYTHE");
    for (String f : new String[] {"soundex", "dmetaphone"}) {
      assertThat(signature(f + "(last_name)", a)).isEqualTo(signature(f + "(last_name)", b));
    }
  }

  @Test
  void year_notADate_isAbsent() {
    AttributeValues values = new AttributeValues();
    values.set(Attribute.BIRTH_DATE, "15/01/1980");
    assertThat(signature("year(birth_date)", values)).isEqualTo("<absent>");
  }

  @Test
  void attributes_listsEachAttributeOnce() {
    TokenRule rule = TokenRule.parse("S1", "soundex(last_name)|last_name[0:1]|year(birth_date)");
    assertThat(rule.attributes())
        .containsExactlyInAnyOrder(Attribute.LAST_NAME, Attribute.BIRTH_DATE);
    assertThat(rule.id()).isEqualTo("S1");
    assertThat(rule.expression()).isEqualTo("soundex(last_name)|last_name[0:1]|year(birth_date)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "sondex(last_name); rule S1: unknown function 'sondex' at column 1",
        "last_name|frist_name; rule S1: unknown attribute 'frist_name' at column 11",
        "''; rule S1: empty expression at column 1",
        "last_name||sex; rule S1: expected an attribute or function at column 11",
        "last_name[3:1]; rule S1: slice [3:1] is empty at column 10",
        "last_name[0:]; rule S1: expected a number from 0 to 9999 at column 13",
        "soundex(last_name; rule S1: expected ')' at column 18",
        "year(last_name); rule S1: year() takes birth_date at column 6",
        "last_name sex; rule S1: expected '|' or end of expression at column 11",
        "soundex(); rule S1: expected an attribute at column 9",
      })
  void parse_badExpression_namesRuleAndColumn(String expression, String message) {
    assertThatThrownBy(() -> TokenRule.parse("S1", expression))
        .isInstanceOf(TokenRuleException.class)
        .hasMessage(message);
  }

  @Test
  void parse_badRuleId_rejected() {
    assertThatThrownBy(() -> TokenRule.parse("T 1", "sex")).isInstanceOf(TokenRuleException.class);
  }

  @Test
  void attributeValues_toString_hidesValues() {
    assertThat(john().toString()).doesNotContain("SMITH").contains("last_name");
  }

  @Test
  void attributeValues_emptyValue_isAbsent() {
    AttributeValues values = new AttributeValues();
    values.set(Attribute.SEX, "");
    assertThat(values.has(Attribute.SEX)).isFalse();
    values.set(Attribute.SEX, "F");
    assertThat(values.get(Attribute.SEX)).contains("F");
    values.clearAll();
    assertThat(values.get(Attribute.SEX)).isEmpty();
  }
}
