package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.deid.server.config.ConfigException;
import org.deid.server.storage.s3.S3ObjectStorage;
import org.deid.server.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --storage} locations. S3 credentials come from the standard AWS chain, here its system
 * properties (the test JVM cannot set environment variables).
 */
class StorageLocationsTest {
  @TempDir Path dir;

  @BeforeAll
  static void credentials() {
    System.setProperty("aws.accessKeyId", S3Proxy.IDENTITY);
    System.setProperty("aws.secretAccessKey", S3Proxy.CREDENTIAL);
  }

  @AfterAll
  static void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void fileUri_opensTheLocalFolder() throws Exception {
    ObjectStorage storage =
        StorageLocations.open(dir.toUri().toString(), Optional.empty(), Optional.empty());
    storage.put("a.csv", new ByteArrayInputStream(new byte[] {1}), 10, Optional.empty());

    assertThat(storage).isInstanceOf(LocalObjectStorage.class);
    assertThat(dir.resolve("objects").resolve("a.csv")).exists();
  }

  @Test
  void s3Uri_withEndpoint_opensTheBucketUnderThePrefix() throws Exception {
    String bucket = S3Proxy.get().newBucket("").bucket();
    ObjectStorage storage =
        StorageLocations.open(
            "s3://" + bucket + "/team/deid",
            Optional.of(S3Proxy.get().endpoint().toString()),
            Optional.of("eu-west-1"));
    try (S3ObjectStorage s3 = (S3ObjectStorage) storage) {
      s3.put("a.csv", new ByteArrayInputStream(new byte[] {1}), 10, Optional.empty());

      assertThat(s3.settings().prefix()).isEqualTo("team/deid/");
      assertThat(s3.stat("a.csv")).isPresent();
    }
  }

  @Test
  void s3Uri_missingBucket_isAConfigErrorNamingBucketAndEndpoint() {
    String endpoint = S3Proxy.get().endpoint().toString();

    assertThatThrownBy(
            () ->
                StorageLocations.open(
                    "s3://no-such-bucket/p", Optional.of(endpoint), Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("s3://no-such-bucket/p/")
        .hasMessageContaining(endpoint)
        .hasMessageContaining("does not exist");
  }

  @Test
  void s3Uri_unreachableEndpoint_isAConfigErrorNamingTheEndpoint() throws Exception {
    String endpoint = "http://127.0.0.1:" + S3Proxy.freePort();

    assertThatThrownBy(
            () -> StorageLocations.open("s3://bucket/p", Optional.of(endpoint), Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(endpoint)
        .hasMessageContaining("cannot be reached");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/plain/path",
        "http://host/x",
        "file:relative",
        "file://host/x",
        "s3://",
        "s3://Bad_Bucket/x",
        "s3://bucket/a/../b",
        "s3://bucket/x?y=1",
        "::"
      })
  void malformedLocations_areConfigErrors(String location) {
    assertThatThrownBy(
            () -> StorageLocations.open(location, Optional.empty(), Optional.of("us-east-1")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void s3Uri_badEndpoint_isAConfigError() {
    assertThatThrownBy(
            () ->
                StorageLocations.open("s3://bucket/p", Optional.of("ftp://host"), Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http:// or https://");
  }
}
