package org.deid.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.deid.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3SettingsTest {
  private static S3Settings parse(String uri) {
    return S3Settings.parse(URI.create(uri), Optional.empty(), Optional.empty());
  }

  @ParameterizedTest
  @CsvSource({
    "s3://bucket, ''",
    "s3://bucket/, ''",
    "s3://bucket/deid, deid/",
    "s3://bucket/deid/, deid/",
    "s3://bucket/team/deid/prod, team/deid/prod/"
  })
  void parse_prefix_isEmptyOrEndsWithOneSlash(String uri, String prefix) {
    assertThat(parse(uri).prefix()).isEqualTo(prefix);
    assertThat(parse(uri).bucket()).isEqualTo("bucket");
  }

  @Test
  void parse_defaults_areEightMiBPartsThousandKeysPagesAndServerChecksums() {
    S3Settings settings = parse("s3://bucket/p");

    assertThat(settings.partSize()).isEqualTo(8 * 1024 * 1024);
    assertThat(settings.listPageSize()).isEqualTo(1000);
    assertThat(settings.serverChecksums()).isTrue();
    assertThat(settings.endpoint()).isEmpty();
  }

  @Test
  void describe_namesBucketPrefixAndEndpoint() {
    S3Settings settings =
        S3Settings.parse(
            URI.create("s3://bucket/p"),
            Optional.of(URI.create("http://127.0.0.1:9000")),
            Optional.of("eu-west-1"));

    assertThat(settings.describe()).isEqualTo("s3://bucket/p/ at http://127.0.0.1:9000");
    assertThat(parse("s3://bucket").describe()).isEqualTo("s3://bucket/ at AWS S3");
  }

  @Test
  void sizes_belowTheS3MinimumPartOrOutsideThePageRange_areRefused() {
    S3Settings settings = parse("s3://bucket/p");

    assertThatThrownBy(() -> settings.withSizes(S3Settings.MIN_PART_SIZE - 1, 1000))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> settings.withSizes(S3Settings.MIN_PART_SIZE, 0))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> settings.withSizes(S3Settings.MIN_PART_SIZE, 1001))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void endpoint_withoutHttpScheme_isRefused() {
    assertThatThrownBy(
            () ->
                S3Settings.parse(
                    URI.create("s3://bucket"),
                    Optional.of(URI.create("localhost:9000")),
                    Optional.empty()))
        .isInstanceOf(ConfigException.class);
  }
}
