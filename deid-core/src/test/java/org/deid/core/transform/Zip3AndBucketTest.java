package org.deid.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Zip3AndBucketTest {
  @ParameterizedTest
  @CsvSource({
    "98004, 980",
    "' 98004 ', 980",
    "98004-1234, 980",
    "980041234, 980",
    "03601, 000",
    "20501, 000",
    "36901, 000",
    "79001, 790",
    "83001, 830",
    "89301, 000"
  })
  void zip3_census2010_keepsPrefixOrSuppressesRestricted(String zip, String expected) {
    TestRow row = TestRow.empty();
    assertThat(new Zip3Transform("zip", RestrictedZip3.CENSUS_2010).apply(zip, row))
        .isEqualTo(expected);
    assertThat(row.invalid()).isEmpty();
  }

  @Test
  void zip3_census2000AndUnion_useTheirLists() {
    TestRow row = TestRow.empty();
    assertThat(new Zip3Transform("zip", RestrictedZip3.CENSUS_2000).apply("79001", row))
        .isEqualTo("000");
    assertThat(new Zip3Transform("zip", RestrictedZip3.CENSUS_2000).apply("20501", row))
        .isEqualTo("205");
    assertThat(new Zip3Transform("zip", RestrictedZip3.UNION).apply("79001", row)).isEqualTo("000");
    assertThat(new Zip3Transform("zip", RestrictedZip3.UNION).apply("20501", row)).isEqualTo("000");
  }

  @Test
  void restrictedLists_haveTheDocumentedSizes() {
    assertThat(RestrictedZip3.CENSUS_2010.size()).isEqualTo(14);
    assertThat(RestrictedZip3.CENSUS_2000.size()).isEqualTo(17);
    assertThat(RestrictedZip3.UNION.size()).isEqualTo(19);
  }

  @Test
  void zip3_invalid_returns000AndCounts() {
    TestRow row = TestRow.empty();
    Zip3Transform zip3 = new Zip3Transform("zip", RestrictedZip3.CENSUS_2010);
    assertThat(zip3.apply("K1A 0B1", row)).isEqualTo("000");
    assertThat(zip3.apply("9800", row)).isEqualTo("000");
    assertThat(zip3.apply("98004-12", row)).isEqualTo("000");
    assertThat(zip3.apply("", row)).isEqualTo("000");
    assertThat(row.invalid()).containsExactly("zip:format", "zip:format", "zip:format");
  }

  private static List<BigDecimal> bounds(String... values) {
    return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
  }

  @ParameterizedTest
  @CsvSource({
    "5.6, <5.7",
    "5.7, '[5.7,6.5)'",
    "6.49, '[5.7,6.5)'",
    "6.5, >=6.5",
    "12, >=6.5",
    "-1, <5.7",
    "' 6.0 ', '[5.7,6.5)'"
  })
  void bucket_withBounds_labelsHalfOpenRanges(String raw, String expected) {
    BucketTransform bucket = BucketTransform.withBounds("hba1c", bounds("5.7", "6.50"));
    assertThat(bucket.apply(raw, TestRow.empty())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0, '[0,10)'",
    "9.99, '[0,10)'",
    "10, '[10,20)'",
    "-0.5, '[-10,0)'",
    "1234.56, '[1230,1240)'"
  })
  void bucket_withWidth_labelsMultiplesOfTheWidth(String raw, String expected) {
    assertThat(BucketTransform.withWidth("cost", new BigDecimal("10")).apply(raw, TestRow.empty()))
        .isEqualTo(expected);
  }

  @Test
  void bucket_withDecimalWidth_labelsWithoutFloatingPointNoise() {
    assertThat(BucketTransform.withWidth("x", new BigDecimal("0.1")).apply("0.35", TestRow.empty()))
        .isEqualTo("[0.3,0.4)");
  }

  @Test
  void bucket_notANumber_returnsEmptyAndCounts() {
    TestRow row = TestRow.empty();
    BucketTransform bucket = BucketTransform.withBounds("hba1c", bounds("5.7"));
    assertThat(bucket.apply("high", row)).isEmpty();
    assertThat(bucket.apply("NaN", row)).isEmpty();
    assertThat(bucket.apply("6.", row)).isEmpty();
    assertThat(bucket.apply("", row)).isEmpty();
    assertThat(row.invalid()).containsExactly("hba1c:format", "hba1c:format", "hba1c:format");
  }

  @Test
  void bucket_boundsNotIncreasing_areRejected() {
    assertThatThrownBy(() -> BucketTransform.withBounds("x", bounds("2", "2")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
