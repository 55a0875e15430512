package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ObjectStorage} contract on the local folder implementation. */
class LocalObjectStorageContractTest extends ObjectStorageContract {
  @TempDir Path dir;
  private LocalObjectStorage storage;

  @BeforeEach
  void open() throws IOException {
    storage = new LocalObjectStorage(dir);
  }

  @Override
  protected ObjectStorage storage() {
    return storage;
  }

  @Override
  protected void assertNoUnfinishedWrites() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void secondProcessOpeningTheSameFolder_leavesAWriteInProgressAlone() throws Exception {
    try (ObjectStorage.PendingObject pending = storage.create("out/x.csv")) {
      pending.stream().write(new byte[] {1, 2, 3});
      new LocalObjectStorage(dir);
      pending.commit();
    }

    assertThat(storage.stat("out/x.csv")).map(StoredObject::size).contains(3L);
  }

  @Test
  void open_removesWritesIdleForMoreThanADay() throws Exception {
    Path leftover = Files.writeString(dir.resolve("tmp").resolve("upload-1.part"), "partial");
    Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    new LocalObjectStorage(dir);

    assertThat(leftover).doesNotExist();
  }
}
