package org.deid.core.opentoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.deid.core.normalize.Attribute;
import org.junit.jupiter.api.Test;

class OpenTokenColumnsTest {
  @Test
  void resolve_everyAliasInAnyCase_findsItsAttribute() {
    List<List<String>> headers =
        List.of(
            List.of(
                "RecordId",
                "FirstName",
                "LastName",
                "BirthDate",
                "Sex",
                "PostalCode",
                "SocialSecurityNumber"),
            List.of(
                "id",
                "GIVENNAME",
                "surname",
                "dateofbirth",
                "GENDER",
                "zipcode",
                "NationalIdentificationNumber"),
            List.of(
                "ID", "givenName", "SurName", "DateOfBirth", "sex", "ZIP3", "socialsecuritynumber"),
            List.of(
                "Id", "FirstName", "LastName", "BirthDate", "Sex", "zip4", "SocialSecurityNumber"),
            List.of(
                "Id", "FirstName", "LastName", "BirthDate", "Sex", "Zip5", "SocialSecurityNumber"));
    for (List<String> header : headers) {
      OpenTokenColumns columns = OpenTokenColumns.resolve(header, Map.of(), "in.csv");
      assertThat(columns.recordId()).as(header.toString()).isZero();
      assertThat(columns.column(Attribute.FIRST_NAME)).isEqualTo(1);
      assertThat(columns.column(Attribute.LAST_NAME)).isEqualTo(2);
      assertThat(columns.column(Attribute.BIRTH_DATE)).isEqualTo(3);
      assertThat(columns.column(Attribute.SEX)).isEqualTo(4);
      assertThat(columns.column(Attribute.POSTAL_CODE)).isEqualTo(5);
      assertThat(columns.column(Attribute.SSN)).isEqualTo(6);
      assertThat(columns.missing()).isEmpty();
      assertThat(columns.unused()).isEmpty();
    }
  }

  @Test
  void resolve_ssnColumnWithoutMap_isMissingAndUnused_withMapIsUsed() {
    List<String> header = List.of("RecordId", "FirstName", "SSN");

    OpenTokenColumns plain = OpenTokenColumns.resolve(header, Map.of(), "in.csv");
    OpenTokenColumns mapped = OpenTokenColumns.resolve(header, Map.of("ssn", "SSN"), "in.csv");

    assertThat(plain.column(Attribute.SSN)).isEqualTo(-1);
    assertThat(plain.missing())
        .containsExactly(
            Attribute.LAST_NAME,
            Attribute.BIRTH_DATE,
            Attribute.SEX,
            Attribute.POSTAL_CODE,
            Attribute.SSN);
    assertThat(plain.unused()).containsExactly("SSN");
    assertThat(mapped.column(Attribute.SSN)).isEqualTo(2);
    assertThat(mapped.unused()).isEmpty();
  }

  @Test
  void resolve_mapWinsOverAliasAndNamesTheRecordId() {
    OpenTokenColumns columns =
        OpenTokenColumns.resolve(
            List.of("Id", "FirstName", "Preferred", "Patient"),
            Map.of("first_name", "Preferred", "record_id", "Patient"),
            "in.csv");

    assertThat(columns.column(Attribute.FIRST_NAME)).isEqualTo(2);
    assertThat(columns.recordId()).isEqualTo(3);
    assertThat(columns.unused()).containsExactly("Id", "FirstName");
  }

  @Test
  void resolve_badMapOrNoAttributeColumn_failsWithoutListingTheHeader() {
    assertThatThrownBy(
            () ->
                OpenTokenColumns.resolve(
                    List.of("FirstName"), Map.of("nickname", "FirstName"), "in.csv"))
        .isInstanceOf(OpenTokenException.class)
        .hasMessageContaining("--map nickname=...: unknown role");
    assertThatThrownBy(
            () -> OpenTokenColumns.resolve(List.of("FirstName"), Map.of("ssn", "SSN"), "in.csv"))
        .isInstanceOf(OpenTokenException.class)
        .hasMessage(
            "in.csv: --map ssn=SSN: the input has no such column (names are matched exactly)");
    assertThatThrownBy(
            () -> OpenTokenColumns.resolve(List.of("John", "452-38-7291"), Map.of(), "in.csv"))
        .isInstanceOf(OpenTokenException.class)
        .hasMessageContaining("in.csv: no usable column: none of its 2 columns")
        .hasMessageNotContaining("John")
        .hasMessageNotContaining("452-38-7291");
  }
}
