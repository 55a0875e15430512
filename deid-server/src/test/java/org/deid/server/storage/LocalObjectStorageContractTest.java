package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
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
}
