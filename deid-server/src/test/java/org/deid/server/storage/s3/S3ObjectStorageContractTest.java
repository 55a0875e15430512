package org.deid.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.ObjectStorageContract;
import org.deid.server.testing.S3Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link ObjectStorage} contract on S3, against a real S3-compatible server (S3Proxy in its own
 * process), with the smallest part size S3 allows and three keys per list page so that multipart
 * uploads and list pagination are exercised.
 */
class S3ObjectStorageContractTest extends ObjectStorageContract {
  private S3ObjectStorage storage;

  @BeforeEach
  void open() {
    S3Settings settings =
        S3Proxy.get().newBucket("tenant-data/").withSizes(S3Settings.MIN_PART_SIZE, 3);
    storage = new S3ObjectStorage(settings, S3Proxy.credentials());
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Override
  protected ObjectStorage storage() {
    return storage;
  }

  @Override
  protected void assertNoUnfinishedWrites() {
    try (S3Client client = S3Proxy.get().client()) {
      assertThat(client.listMultipartUploads(b -> b.bucket(storage.settings().bucket())).uploads())
          .isEmpty();
    }
  }
}
