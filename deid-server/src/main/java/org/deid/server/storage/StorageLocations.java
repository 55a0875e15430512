package org.deid.server.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.deid.server.config.ConfigException;
import org.deid.server.storage.s3.S3ObjectStorage;
import org.deid.server.storage.s3.S3Settings;

/**
 * Opens the storage named by {@code --storage}: {@code s3://bucket/prefix} for an S3 bucket (AWS or
 * S3-compatible with an endpoint override; credentials from the standard AWS chain) or {@code
 * file:///path} for a local folder, which processes on one host may share.
 */
public final class StorageLocations {
  private StorageLocations() {}

  /**
   * Opens a storage location; an S3 bucket is checked to exist and be accessible.
   *
   * @param location {@code s3://bucket/prefix} or {@code file:///absolute/path}
   * @param s3Endpoint the S3 endpoint override (S3-compatible stores), if any
   * @param s3Region the S3 region, if any
   * @return the storage; close it when it is {@link AutoCloseable}
   * @throws ConfigException if the location is malformed or the storage cannot be opened
   */
  public static ObjectStorage open(
      String location, Optional<String> s3Endpoint, Optional<String> s3Region) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "--storage is not a valid URI; use s3://bucket/prefix or file:///path");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
    if (scheme.equals("file")) {
      return openFolder(uri);
    }
    if (scheme.equals("s3")) {
      return openBucket(uri, s3Endpoint, s3Region);
    }
    throw new ConfigException("--storage must be s3://bucket/prefix or file:///path");
  }

  private static ObjectStorage openFolder(URI uri) {
    if (uri.getRawAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
      throw new ConfigException("a file storage location is file:///absolute/path");
    }
    try {
      return new LocalObjectStorage(Path.of(uri));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("the storage folder " + uri.getPath() + " cannot be opened");
    }
  }

  private static ObjectStorage openBucket(
      URI uri, Optional<String> endpoint, Optional<String> region) {
    Optional<URI> endpointUri;
    try {
      endpointUri = endpoint.filter(e -> !e.isBlank()).map(URI::create);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("the S3 endpoint is not a valid URL");
    }
    S3ObjectStorage storage = new S3ObjectStorage(S3Settings.parse(uri, endpointUri, region));
    try {
      storage.checkBucket();
    } catch (IOException e) {
      storage.close();
      throw new ConfigException(e.getMessage());
    }
    return storage;
  }
}
