package org.deid.server.storage.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.deid.server.config.ConfigException;

/**
 * Where and how {@link S3ObjectStorage} stores objects. Credentials are not part of the settings:
 * they come from the standard AWS chain (environment, profile, instance role).
 *
 * @param bucket the bucket name
 * @param prefix the key prefix inside the bucket: empty, or ending with {@code /}
 * @param endpoint the endpoint of an S3-compatible store (path-style access is then used); empty
 *     for AWS S3
 * @param region the signing region; empty to use the AWS region chain ({@code AWS_REGION}, profile)
 *     or {@code us-east-1} with an endpoint override
 * @param partSize bytes per multipart part (at least 5 MiB); also the largest single-request upload
 * @param listPageSize keys per list request (1 to 1000)
 * @param serverChecksums whether to send SHA-256 part checksums for the store to verify
 */
public record S3Settings(
    String bucket,
    String prefix,
    Optional<URI> endpoint,
    Optional<String> region,
    int partSize,
    int listPageSize,
    boolean serverChecksums) {
  /** The smallest part S3 accepts (except the last one). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  /** The default part size: 8 MiB. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  /** Validates the settings and normalizes the prefix to end with {@code /}. */
  public S3Settings {
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
      throw new ConfigException(
          "the S3 bucket name must be 3-63 lower-case letters, digits, '.' or '-'");
    }
    prefix = normalizePrefix(prefix);
    if (partSize < MIN_PART_SIZE) {
      throw new ConfigException("the S3 part size must be at least " + MIN_PART_SIZE + " bytes");
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new ConfigException("the S3 list page size must be between 1 and 1000");
    }
    endpoint.ifPresent(S3Settings::checkEndpoint);
  }

  /**
   * Parses {@code s3://bucket/prefix} with default part and page sizes and server checksums on.
   *
   * @param location the storage URI
   * @param endpoint the endpoint override, if any
   * @param region the region, if any
   * @return the settings
   * @throws ConfigException if the URI is not an {@code s3://} URI with a valid bucket
   */
  public static S3Settings parse(URI location, Optional<URI> endpoint, Optional<String> region) {
    if (!"s3".equals(location.getScheme()) || location.getRawAuthority() == null) {
      throw new ConfigException("an S3 storage location looks like s3://bucket/prefix");
    }
    if (location.getRawQuery() != null || location.getRawFragment() != null) {
      throw new ConfigException(
          "an S3 storage location has no query or fragment (s3://bucket/prefix)");
    }
    String path = Optional.ofNullable(location.getPath()).orElse("");
    return new S3Settings(
        location.getAuthority(),
        path.startsWith("/") ? path.substring(1) : path,
        endpoint,
        region.filter(r -> !r.isBlank()),
        DEFAULT_PART_SIZE,
        1000,
        true);
  }

  /**
   * Returns a copy with other part and list page sizes (for tuning and tests).
   *
   * @param newPartSize bytes per part
   * @param newListPageSize keys per list request
   * @return the new settings
   */
  public S3Settings withSizes(int newPartSize, int newListPageSize) {
    return new S3Settings(
        bucket, prefix, endpoint, region, newPartSize, newListPageSize, serverChecksums);
  }

  /**
   * Describes the location for messages: endpoint (or "AWS S3"), bucket and prefix.
   *
   * @return for example {@code s3://bucket/prefix/ at http://127.0.0.1:9000}
   */
  public String describe() {
    return "s3://" + bucket + "/" + prefix + " at " + endpoint.map(URI::toString).orElse("AWS S3");
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return "";
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new ConfigException("the S3 prefix must not contain empty, '.' or '..' segments");
      }
    }
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isISOControl(trimmed.charAt(i)) || trimmed.charAt(i) == '\\') {
        throw new ConfigException("the S3 prefix must not contain control characters or '\\'");
      }
    }
    return trimmed + "/";
  }

  private static void checkEndpoint(URI endpoint) {
    String scheme = Optional.ofNullable(endpoint.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
      throw new ConfigException("the S3 endpoint must be an http:// or https:// URL with a host");
    }
  }
}
