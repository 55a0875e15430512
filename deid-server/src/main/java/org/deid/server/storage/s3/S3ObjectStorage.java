package org.deid.server.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.server.storage.ChecksumMismatchException;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.NoSuchObjectException;
import org.deid.server.storage.ObjectKeys;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStorage} in an S3 bucket (AWS or any S3-compatible store). Under the configured
 * prefix, {@code objects/KEY} holds the content and {@code meta/KEY.sha256} the object's SHA-256
 * together with the ETag it belongs to, so a stale or missing digest file is detected and the
 * digest recomputed from the content. Uploads stream in bounded parts ({@link S3Upload}); reads
 * resume with ranged requests after a dropped connection ({@link ResumingObjectStream}). Every SDK
 * failure becomes an {@link IOException} naming the endpoint and bucket. Thread-safe; close it to
 * release the HTTP connections.
 */
public final class S3ObjectStorage implements ObjectStorage, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStorage.class);
  private static final int MAX_S3_KEY_BYTES = 1024;
  private static final long MAX_COPY_BYTES = 5L << 30;

  private final S3Settings settings;
  private final S3Client client;
  private final S3Errors errors;
  private final ExecutorService partSenders =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "s3-part-sender");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Creates the storage with credentials from the standard AWS chain.
   *
   * @param settings where to store
   */
  public S3ObjectStorage(S3Settings settings) {
    this(settings, DefaultCredentialsProvider.builder().build());
  }

  /**
   * Creates the storage with the given credentials (for embedding and tests).
   *
   * @param settings where to store
   * @param credentials the credentials provider
   */
  public S3ObjectStorage(S3Settings settings, AwsCredentialsProvider credentials) {
    this.settings = settings;
    this.errors = new S3Errors(settings);
    this.client = buildClient(settings, credentials);
  }

  private static S3Client buildClient(S3Settings settings, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .credentialsProvider(credentials)
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60))
                    .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                    .maxConnections(64))
            // a few quick retries with back-off; a job that still fails is retried by the queue
            .overrideConfiguration(cfg -> cfg.retryStrategy(RetryMode.STANDARD))
            .forcePathStyle(settings.endpoint().isPresent());
    settings.endpoint().ifPresent(builder::endpointOverride);
    if (settings.region().isPresent()) {
      builder.region(Region.of(settings.region().get()));
    } else if (settings.endpoint().isPresent()) {
      builder.region(Region.US_EAST_1);
    }
    try {
      return builder.build();
    } catch (SdkException e) {
      throw new org.deid.server.config.ConfigException(
          "cannot set up the S3 client (is a region configured? set AWS_REGION or --s3-region)");
    }
  }

  /**
   * Checks that the bucket exists and the credentials may use it.
   *
   * @throws IOException naming the endpoint and bucket if not
   */
  public void checkBucket() throws IOException {
    try {
      client.headBucket(b -> b.bucket(settings.bucket()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new IOException(
            "S3 storage " + settings.describe() + ": the bucket does not exist", e);
      }
      throw errors.wrap("open the bucket", e);
    } catch (SdkException e) {
      throw errors.wrap("open the bucket", e);
    }
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public S3Settings settings() {
    return settings;
  }

  @Override
  public StoredObject put(
      String key, InputStream data, long maxBytes, Optional<String> expectedSha256)
      throws IOException {
    objectKey(key);
    try (S3Upload upload = new S3Upload(this, key, maxBytes)) {
      data.transferTo(upload.stream());
      String actual = upload.digest();
      if (expectedSha256.isPresent()
          && !expectedSha256.get().toLowerCase(Locale.ROOT).equals(actual)) {
        throw new ChecksumMismatchException(actual);
      }
      return upload.commit();
    }
  }

  @Override
  public PendingObject create(String key) throws IOException {
    objectKey(key);
    return new S3Upload(this, key, Long.MAX_VALUE);
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    String objectKey = objectKey(key);
    HeadObjectResponse head;
    try {
      head = client.headObject(b -> b.bucket(settings.bucket()).key(objectKey));
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw errors.wrap("read object metadata", e);
    } catch (SdkException e) {
      throw errors.wrap("read object metadata", e);
    }
    String etag = unquote(head.eTag());
    return Optional.of(
        new StoredObject(key, head.contentLength(), sha256Of(key, etag), head.lastModified()));
  }

  @Override
  public InputStream open(String key) throws IOException {
    String objectKey = objectKey(key);
    ResponseInputStream<GetObjectResponse> first = get(objectKey, Optional.empty(), 0);
    return new ResumingObjectStream(
        first, position -> get(objectKey, Optional.ofNullable(first.response().eTag()), position));
  }

  /**
   * A GET from a position, pinned to one ETag when resuming so a replaced object is not mixed in.
   */
  private ResponseInputStream<GetObjectResponse> get(
      String objectKey, Optional<String> etag, long position) throws IOException {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(settings.bucket()).key(objectKey);
    if (position > 0) {
      request.range("bytes=" + position + "-");
    }
    etag.ifPresent(request::ifMatch);
    try {
      return client.getObject(request.build());
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        throw new IOException(
            "S3 storage " + settings.describe() + ": the object was replaced while being read", e);
      }
      throw errors.wrap("read an object", e);
    } catch (SdkException e) {
      throw errors.wrap("read an object", e);
    }
  }

  @Override
  public List<StoredObject> list(String prefix) throws IOException {
    return list(prefix, Optional.empty(), Integer.MAX_VALUE);
  }

  /** Lists with S3's own paging: {@code StartAfter}, and no more requests than the page needs. */
  @Override
  public List<StoredObject> list(String prefix, Optional<String> after, int limit)
      throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("a listing needs a limit of at least 1");
    }
    String objectsRoot = settings.prefix() + "objects/";
    String listPrefix = objectsRoot + ObjectKeys.checkPrefix(prefix);
    List<StoredObject> found = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Request.Builder request =
          ListObjectsV2Request.builder()
              .bucket(settings.bucket())
              .prefix(listPrefix)
              .maxKeys(Math.min(settings.listPageSize(), limit - found.size()));
      if (token != null) {
        request.continuationToken(token);
      } else if (after.isPresent()) {
        request.startAfter(objectsRoot + after.get());
      }
      ListObjectsV2Response page;
      try {
        page = client.listObjectsV2(request.build());
      } catch (SdkException e) {
        throw errors.wrap("list objects", e);
      }
      for (S3Object object : page.contents()) {
        String key = object.key().substring(objectsRoot.length());
        found.add(
            new StoredObject(
                key, object.size(), sha256Of(key, unquote(object.eTag())), object.lastModified()));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null && found.size() < limit);
    // S3 lists in UTF-8 byte order already; sorting keeps the contract for any S3-compatible store
    found.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
    return found;
  }

  @Override
  public boolean delete(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      client.headObject(b -> b.bucket(settings.bucket()).key(objectKey));
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        return false;
      }
      throw errors.wrap("read object metadata", e);
    } catch (SdkException e) {
      throw errors.wrap("read object metadata", e);
    }
    try {
      client.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
      client.deleteObject(b -> b.bucket(settings.bucket()).key(metaKey(key)));
    } catch (SdkException e) {
      throw errors.wrap("delete an object", e);
    }
    return true;
  }

  /**
   * Moves an object with a server-side copy (objects up to 5 GiB, the limit of one S3 copy), its
   * digest recorded for the copy's ETag, then deletes the source; larger objects are streamed by
   * the default implementation.
   */
  @Override
  public StoredObject move(String from, String to) throws IOException {
    StoredObject source = stat(from).orElseThrow(NoSuchObjectException::new);
    if (source.size() > MAX_COPY_BYTES) {
      return ObjectStorage.super.move(from, to);
    }
    String sourceKey = objectKey(from);
    String targetKey = objectKey(to);
    String etag;
    try {
      etag =
          unquote(
              client
                  .copyObject(
                      b ->
                          b.sourceBucket(settings.bucket())
                              .sourceKey(sourceKey)
                              .destinationBucket(settings.bucket())
                              .destinationKey(targetKey))
                  .copyObjectResult()
                  .eTag());
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        throw new NoSuchObjectException();
      }
      throw errors.wrap("copy an object", e);
    } catch (SdkException e) {
      throw errors.wrap("copy an object", e);
    }
    StoredObject moved = published(to, source.size(), source.sha256(), etag);
    delete(from);
    return moved;
  }

  /** Closes the HTTP connections and the part senders. */
  @Override
  public void close() {
    partSenders.shutdown();
    client.close();
  }

  // ---- used by S3Upload ----

  String putSmall(String key, byte[] bytes, int length, String checksum) throws IOException {
    RequestBody body =
        RequestBody.fromContentProvider(
            () -> new java.io.ByteArrayInputStream(bytes, 0, length),
            length,
            "application/octet-stream");
    try {
      return unquote(
          client
              .putObject(
                  b -> {
                    b.bucket(settings.bucket()).key(objectKey(key)).contentLength((long) length);
                    if (checksum != null) {
                      b.checksumAlgorithm(S3Upload.algorithm(settings)).checksumSHA256(checksum);
                    }
                  },
                  body)
              .eTag());
    } catch (SdkException e) {
      throw errors.wrap("store an object", e);
    }
  }

  /** Runs a part upload in the background (at most one per upload at a time). */
  <T> Future<T> inBackground(Callable<T> task) {
    return partSenders.submit(task);
  }

  String startMultipart(String key) throws IOException {
    try {
      return client
          .createMultipartUpload(
              b ->
                  b.bucket(settings.bucket())
                      .key(objectKey(key))
                      .checksumAlgorithm(S3Upload.algorithm(settings)))
          .uploadId();
    } catch (SdkException e) {
      throw errors.wrap("start a multipart upload", e);
    }
  }

  String uploadPart(String key, String uploadId, int partNumber, RequestBody body, String checksum)
      throws IOException {
    try {
      return client
          .uploadPart(
              b -> {
                b.bucket(settings.bucket())
                    .key(objectKey(key))
                    .uploadId(uploadId)
                    .partNumber(partNumber)
                    .contentLength(body.optionalContentLength().orElseThrow());
                if (checksum != null) {
                  b.checksumAlgorithm(S3Upload.algorithm(settings)).checksumSHA256(checksum);
                }
              },
              body)
          .eTag();
    } catch (SdkException e) {
      throw errors.wrap("upload part " + partNumber, e);
    }
  }

  String completeMultipart(String key, String uploadId, List<CompletedPart> parts)
      throws IOException {
    try {
      return unquote(
          client
              .completeMultipartUpload(
                  b ->
                      b.bucket(settings.bucket())
                          .key(objectKey(key))
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts)))
              .eTag());
    } catch (SdkException e) {
      throw errors.wrap("complete a multipart upload", e);
    }
  }

  void abortMultipart(String key, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(
          b -> b.bucket(settings.bucket()).key(objectKey(key)).uploadId(uploadId));
    } catch (SdkException e) {
      throw errors.wrap("abort a multipart upload", e);
    }
  }

  /**
   * Records the digest of a just-published object and describes it. Never fails: the object is
   * already visible, and a missing digest file only means the digest is recomputed when asked.
   */
  StoredObject published(String key, long size, String sha256, String etag) {
    Instant lastModified = Instant.now();
    try {
      writeSidecar(key, sha256, etag);
      HeadObjectResponse head =
          client.headObject(b -> b.bucket(settings.bucket()).key(objectKey(key)));
      if (etag.equals(unquote(head.eTag()))) {
        lastModified = head.lastModified();
      }
    } catch (IOException | SdkException e) {
      LOG.warn("could not record the digest of a new S3 object ({})", e.getClass().getSimpleName());
    }
    return new StoredObject(key, size, sha256, lastModified);
  }

  // ---- keys and digests ----

  private String objectKey(String key) {
    return checkedLength(settings.prefix() + "objects/" + ObjectKeys.checkKey(key));
  }

  private String metaKey(String key) {
    return checkedLength(settings.prefix() + "meta/" + ObjectKeys.checkKey(key) + ".sha256");
  }

  private static String checkedLength(String s3Key) {
    if (s3Key.getBytes(StandardCharsets.UTF_8).length > MAX_S3_KEY_BYTES) {
      throw new InvalidKeyException(
          "the object key is too long for S3 (1024 UTF-8 bytes with the prefix)");
    }
    return s3Key;
  }

  /** The SHA-256 recorded for this ETag, or computed from the content (and recorded) if none is. */
  private String sha256Of(String key, String etag) throws IOException {
    Optional<String> recorded = readSidecar(key, etag);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    MessageDigest digest = S3Upload.sha256();
    try (InputStream in = open(key)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    }
    String sha256 = HexFormat.of().formatHex(digest.digest());
    try {
      writeSidecar(key, sha256, etag);
    } catch (IOException e) {
      // read-only credentials, for example: the digest is simply computed again next time
      LOG.warn(
          "could not record the recomputed digest of an S3 object ({})",
          e.getClass().getSimpleName());
    }
    return sha256;
  }

  private Optional<String> readSidecar(String key, String etag) throws IOException {
    String text;
    try {
      text =
          client
              .getObjectAsBytes(b -> b.bucket(settings.bucket()).key(metaKey(key)))
              .asString(StandardCharsets.US_ASCII);
    } catch (S3Exception e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw errors.wrap("read an object digest", e);
    } catch (SdkException e) {
      throw errors.wrap("read an object digest", e);
    }
    String[] fields = text.strip().split(" ", 2);
    if (fields.length == 2 && fields[1].equals(etag) && fields[0].matches("[0-9a-f]{64}")) {
      return Optional.of(fields[0]);
    }
    return Optional.empty();
  }

  private void writeSidecar(String key, String sha256, String etag) throws IOException {
    try {
      client.putObject(
          b -> b.bucket(settings.bucket()).key(metaKey(key)),
          RequestBody.fromString(sha256 + " " + etag + "\n", StandardCharsets.US_ASCII));
    } catch (SdkException e) {
      throw errors.wrap("store an object digest", e);
    }
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
