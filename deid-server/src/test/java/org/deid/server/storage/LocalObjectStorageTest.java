package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link ObjectStorage}, run against the local folder implementation. */
class LocalObjectStorageTest {
  private static final String SHA_OF_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;
  private ObjectStorage storage;

  @BeforeEach
  void open() throws Exception {
    storage = new LocalObjectStorage(dir);
  }

  private static InputStream abc() {
    return new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void put_returnsSizeAndSha256_andStatAgrees() throws Exception {
    StoredObject stored = storage.put("a/b.csv", abc(), 10, Optional.empty());

    assertThat(stored.size()).isEqualTo(3);
    assertThat(stored.sha256()).isEqualTo(SHA_OF_ABC);
    assertThat(storage.stat("a/b.csv")).map(StoredObject::sha256).contains(SHA_OF_ABC);
    try (InputStream in = storage.open("a/b.csv")) {
      assertThat(in.readAllBytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void put_overLimit_storesNothing_andLeavesNoTempFile() throws Exception {
    assertThatThrownBy(() -> storage.put("a.csv", abc(), 2, Optional.empty()))
        .isInstanceOf(ObjectTooLargeException.class);

    assertThat(storage.stat("a.csv")).isEmpty();
    try (var files = Files.list(dir.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void put_wrongAnnouncedSha_storesNothing_andKeepsTheOldObject() throws Exception {
    storage.put("a.csv", new ByteArrayInputStream(new byte[] {1}), 10, Optional.empty());

    assertThatThrownBy(
            () -> storage.put("a.csv", abc(), 10, Optional.of("00" + SHA_OF_ABC.substring(2))))
        .isInstanceOf(ChecksumMismatchException.class);

    assertThat(storage.stat("a.csv")).map(StoredObject::size).contains(1L);
    assertThat(
            storage
                .put("a.csv", abc(), 10, Optional.of(SHA_OF_ABC.toUpperCase(java.util.Locale.ROOT)))
                .size())
        .isEqualTo(3);
  }

  @Test
  void create_isInvisibleUntilCommitted_andAbortLeavesNothing() throws Exception {
    try (ObjectStorage.PendingObject pending = storage.create("out/x.csv")) {
      pending.stream().write(1);
      assertThat(storage.stat("out/x.csv")).isEmpty();
      pending.commit();
    }
    assertThat(storage.stat("out/x.csv")).isPresent();

    try (ObjectStorage.PendingObject pending = storage.create("out/y.csv")) {
      pending.stream().write(1);
    }
    assertThat(storage.stat("out/y.csv")).isEmpty();
  }

  @Test
  void list_byPrefix_isSortedAndPartialNamesMatch() throws Exception {
    storage.put("in/b.csv", abc(), 10, Optional.empty());
    storage.put("in/a.csv", abc(), 10, Optional.empty());
    storage.put("inbox/c.csv", abc(), 10, Optional.empty());
    storage.put("out/d.csv", abc(), 10, Optional.empty());

    assertThat(storage.list("in/"))
        .extracting(StoredObject::key)
        .containsExactly("in/a.csv", "in/b.csv");
    assertThat(storage.list("in"))
        .extracting(StoredObject::key)
        .containsExactly("in/a.csv", "in/b.csv", "inbox/c.csv");
    assertThat(storage.list("")).hasSize(4);
    assertThat(storage.list("nothing/")).isEmpty();
  }

  @Test
  void delete_removesTheObject() throws Exception {
    storage.put("a.csv", abc(), 10, Optional.empty());
    assertThat(storage.delete("a.csv")).isTrue();
    assertThat(storage.delete("a.csv")).isFalse();
    assertThatThrownBy(() -> storage.open("a.csv")).isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void keys_thatEscape_areRejected() {
    assertThatThrownBy(() -> storage.put("../x", abc(), 10, Optional.empty()))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> storage.list("../")).isInstanceOf(InvalidKeyException.class);
  }
}
