package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@link ObjectStorage} contract on the local folder implementation. */
class LocalObjectStorageTest extends ObjectStorageContract {
  private Path root;

  @Override
  ObjectStorage newStorage(Path dir) throws Exception {
    root = dir;
    return new LocalObjectStorage(dir);
  }

  @Override
  void assertNoLeftovers() throws Exception {
    try (var files = Files.list(root.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }
}
