package org.deid.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.StorageUnavailableException;
import org.deid.server.storage.StoredObject;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.TcpForwarder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** S3-specific behaviour of {@link S3ObjectStorage} against a real S3-compatible server. */
class S3ObjectStorageTest {
  private S3Settings settings;
  private S3ObjectStorage storage;
  private S3Client raw;

  @BeforeEach
  void open() {
    settings = S3Proxy.get().newBucket("deid/data").withSizes(S3Settings.MIN_PART_SIZE, 1000);
    storage = new S3ObjectStorage(settings, S3Proxy.credentials());
    raw = S3Proxy.get().client();
  }

  @AfterEach
  void close() {
    storage.close();
    raw.close();
  }

  private static InputStream text(String value) {
    return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void put_storesContentUnderThePrefix_andItsDigestBesideIt() throws Exception {
    StoredObject stored = storage.put("clients/c1/in.csv", text("abc"), 10, Optional.empty());

    HeadObjectResponse head =
        raw.headObject(b -> b.bucket(settings.bucket()).key("deid/data/objects/clients/c1/in.csv"));
    String meta =
        raw.getObjectAsBytes(
                b -> b.bucket(settings.bucket()).key("deid/data/meta/clients/c1/in.csv.sha256"))
            .asUtf8String();
    assertThat(head.contentLength()).isEqualTo(3);
    assertThat(meta).startsWith(stored.sha256() + " ").contains(head.eTag().replace("\"", ""));
  }

  @Test
  void stat_objectReplacedBehindItsBack_recomputesTheDigestFromTheContent() throws Exception {
    storage.put("a.csv", text("old content"), 100, Optional.empty());
    raw.putObject(
        b -> b.bucket(settings.bucket()).key("deid/data/objects/a.csv"),
        RequestBody.fromString("abc"));

    assertThat(storage.stat("a.csv"))
        .map(StoredObject::sha256)
        .contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(storage.list(""))
        .extracting(StoredObject::sha256)
        .containsExactly("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void put_withServerChecksums_storeRecordsTheSha256OfEveryRequest() throws Exception {
    storage.put("small.csv", text("abc"), 10, Optional.empty());
    byte[] large = new byte[S3Settings.MIN_PART_SIZE + 1000];
    storage.put("large.bin", new ByteArrayInputStream(large), large.length, Optional.empty());

    HeadObjectResponse small = headWithChecksum("deid/data/objects/small.csv");
    HeadObjectResponse multipart = headWithChecksum("deid/data/objects/large.bin");
    assertThat(small.checksumSHA256())
        .isEqualTo(base64Sha256("abc".getBytes(StandardCharsets.UTF_8)));
    // a multipart object's checksum is the SHA-256 of its parts' SHA-256s, followed by the count
    MessageDigest ofParts = MessageDigest.getInstance("SHA-256");
    ofParts.update(sha256(Arrays.copyOfRange(large, 0, S3Settings.MIN_PART_SIZE)));
    ofParts.update(sha256(Arrays.copyOfRange(large, S3Settings.MIN_PART_SIZE, large.length)));
    assertThat(multipart.checksumSHA256())
        .isEqualTo(Base64.getEncoder().encodeToString(ofParts.digest()) + "-2");
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private static String base64Sha256(byte[] bytes) throws Exception {
    return Base64.getEncoder().encodeToString(sha256(bytes));
  }

  private HeadObjectResponse headWithChecksum(String key) {
    return raw.headObject(
        b -> b.bucket(settings.bucket()).key(key).checksumMode(ChecksumMode.ENABLED));
  }

  @Test
  void anyKey_tooLongForS3WithThePrefix_isRefused() {
    String key = "k".repeat(1020);

    assertThatThrownBy(() -> storage.put(key, text("abc"), 10, Optional.empty()))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("too long for S3");
  }

  @Test
  void unreachableStore_failsPromptlyWithAClearReasonNamingTheEndpoint() throws Exception {
    URI closed = URI.create("http://127.0.0.1:" + S3Proxy.freePort());
    S3Settings unreachable =
        S3Settings.parse(URI.create("s3://some-bucket/p"), Optional.of(closed), Optional.empty());
    try (S3ObjectStorage down = new S3ObjectStorage(unreachable, S3Proxy.credentials())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> down.put("a.csv", text("abc"), 10, Optional.empty()))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining(closed.toString())
          .hasMessageContaining("s3://some-bucket/p/")
          .hasMessageNotContaining("abc");
      assertThatThrownBy(() -> down.stat("a.csv")).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> down.open("a.csv")).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(() -> down.list("")).isInstanceOf(StorageUnavailableException.class);
      assertThatThrownBy(down::checkBucket)
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("Connection refused");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }

  private S3ObjectStorage through(TcpForwarder relay) {
    return new S3ObjectStorage(
        new S3Settings(
            settings.bucket(),
            settings.prefix(),
            Optional.of(relay.endpoint()),
            Optional.empty(),
            settings.partSize(),
            settings.listPageSize(),
            true),
        S3Proxy.credentials());
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  @Test
  void open_connectionDroppedMidRead_resumesWithARangedRead() throws Exception {
    byte[] data = randomBytes(12 * 1024 * 1024);
    storage.put("big.bin", new ByteArrayInputStream(data), data.length, Optional.empty());

    try (TcpForwarder relay = new TcpForwarder(S3Proxy.get().endpoint());
        S3ObjectStorage viaRelay = through(relay);
        InputStream in = viaRelay.open("big.bin")) {
      byte[] first = in.readNBytes(1024 * 1024);
      int connectionsBefore = relay.connectionsAccepted();
      relay.dropConnections();
      byte[] rest = in.readAllBytes();

      assertThat(relay.connectionsAccepted()).isGreaterThan(connectionsBefore);

      assertThat(first.length + rest.length).isEqualTo(data.length);
      assertThat(Arrays.equals(first, Arrays.copyOf(data, first.length))).isTrue();
      assertThat(Arrays.equals(rest, Arrays.copyOfRange(data, first.length, data.length))).isTrue();
    }
  }

  @Test
  void open_objectReplacedWhileTheConnectionWasDown_failsInsteadOfMixingVersions()
      throws Exception {
    byte[] data = randomBytes(12 * 1024 * 1024);
    storage.put("big.bin", new ByteArrayInputStream(data), data.length, Optional.empty());

    try (TcpForwarder relay = new TcpForwarder(S3Proxy.get().endpoint());
        S3ObjectStorage viaRelay = through(relay);
        InputStream in = viaRelay.open("big.bin")) {
      in.readNBytes(1024 * 1024);
      storage.put("big.bin", text("a new version"), 100, Optional.empty());
      relay.dropConnections();

      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("replaced while being read");
    }
  }

  @Test
  void put_storeGoesAwayMidUpload_failsClearlyAndNothingBecomesVisible() throws Exception {
    byte[] data = randomBytes(3 * S3Settings.MIN_PART_SIZE);
    try (TcpForwarder relay = new TcpForwarder(S3Proxy.get().endpoint());
        S3ObjectStorage viaRelay = through(relay)) {
      InputStream failing =
          new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (read > S3Settings.MIN_PART_SIZE + 1024) {
                relay.goOffline();
              }
              int n = super.read(b, off, len);
              read += Math.max(n, 0);
              return n;
            }
          };

      assertThatThrownBy(() -> viaRelay.put("big.bin", failing, data.length, Optional.empty()))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining(relay.endpoint().toString());
    }

    assertThat(storage.stat("big.bin")).isEmpty();
    assertThat(storage.list("")).isEmpty();
  }
}
