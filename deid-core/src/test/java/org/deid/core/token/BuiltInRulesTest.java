package org.deid.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deid.core.normalize.Attribute;
import org.junit.jupiter.api.Test;

class BuiltInRulesTest {
  @Test
  void openToken_documentedExample_givesOpenTokenSignatures() {
    // OPENTOKEN.md: John Smith, 1980-01-15, Male, 98004, 452-38-7291 (opentoken-normalized forms).
    AttributeValues values = new AttributeValues();
    values.set(Attribute.LAST_NAME, "SMITH");
    values.set(Attribute.FIRST_NAME, "JOHN");
    values.set(Attribute.SEX, "MALE");
    values.set(Attribute.BIRTH_DATE, "1980-01-15");
    values.set(Attribute.POSTAL_CODE, "98004");
    values.set(Attribute.SSN, "452387291");
    List<String> signatures =
        BuiltInRules.openToken().stream()
            .map(rule -> rule.signature(values).orElseThrow())
            .toList();
    assertThat(signatures)
        .containsExactly(
            "SMITH|J|MALE|1980-01-15",
            "SMITH|JOHN|1980-01-15|980",
            "SMITH|JOHN|MALE|1980-01-15",
            "452387291|MALE|1980-01-15",
            "SMITH|JOH|MALE");
  }

  @Test
  void deidV1_isT1ToT5_andByIdFindsSoundexVariants() {
    assertThat(BuiltInRules.deidV1())
        .extracting(TokenRule::id)
        .containsExactly("T1", "T2", "T3", "T4", "T5");
    assertThat(BuiltInRules.byId("S1"))
        .map(TokenRule::expression)
        .contains("soundex(last_name)|soundex(first_name)|birth_date|sex");
    assertThat(BuiltInRules.byId("T9")).isEmpty();
  }
}
