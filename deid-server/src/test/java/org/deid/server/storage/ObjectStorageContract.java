package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link ObjectStorage} keeps, run against each implementation by a subclass:
 * round trips with digests, streaming of objects larger than any buffer, refusals that store
 * nothing, pending objects invisible until commit, listing by prefix across pages, deletion and key
 * validation.
 */
public abstract class ObjectStorageContract {
  /** Larger than several S3 parts of the smallest size (5 MiB); generated on the fly. */
  protected static final long LARGE = 40L * 1024 * 1024 + 12345;

  private static final String SHA_OF_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  /**
   * Returns the storage under test, empty, with a list page size of at most 3 keys where the
   * implementation pages.
   *
   * @return the storage
   */
  protected abstract ObjectStorage storage();

  /**
   * Asserts that no trace of unfinished writes is left (temp files, open multipart uploads).
   *
   * @throws IOException if the check cannot read the storage
   */
  protected abstract void assertNoUnfinishedWrites() throws IOException;

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void put_smallObject_roundTripsWithSizeAndSha256() throws Exception {
    StoredObject stored = storage().put("a/b.csv", bytes("abc"), 10, Optional.empty());

    assertThat(stored.key()).isEqualTo("a/b.csv");
    assertThat(stored.size()).isEqualTo(3);
    assertThat(stored.sha256()).isEqualTo(SHA_OF_ABC);
    assertThat(storage().stat("a/b.csv"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.sha256()).isEqualTo(SHA_OF_ABC);
              assertThat(s.size()).isEqualTo(3);
            });
    try (InputStream in = storage().open("a/b.csv")) {
      assertThat(in.readAllBytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void put_emptyObject_roundTrips() throws Exception {
    StoredObject stored =
        storage().put("empty.csv", InputStream.nullInputStream(), 10, Optional.empty());

    assertThat(stored.size()).isZero();
    assertThat(stored.sha256()).isEqualTo(sha256Hex(new byte[0]));
    try (InputStream in = storage().open("empty.csv")) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void put_largeGeneratedStream_streamsThroughAndReadsBackIdentically() throws Exception {
    GeneratedStream source = new GeneratedStream(LARGE, 7);

    StoredObject stored = storage().put("big/data.bin", source, LARGE, Optional.empty());

    assertThat(stored.size()).isEqualTo(LARGE);
    assertThat(stored.sha256()).isEqualTo(source.sha256Hex());
    assertThat(storage().stat("big/data.bin"))
        .map(StoredObject::sha256)
        .contains(source.sha256Hex());
    try (InputStream in = storage().open("big/data.bin")) {
      assertThat(GeneratedStream.digestOf(in))
          .isEqualTo(new GeneratedStream(LARGE, 7).drainDigest());
    }
    assertNoUnfinishedWrites();
  }

  @Test
  void put_announcedSha256InAnyCase_isAccepted() throws Exception {
    StoredObject stored =
        storage().put("a.csv", bytes("abc"), 10, Optional.of(SHA_OF_ABC.toUpperCase(Locale.ROOT)));

    assertThat(stored.sha256()).isEqualTo(SHA_OF_ABC);
  }

  @Test
  void put_wrongAnnouncedSha256_storesNothingAndKeepsTheOldObject() throws Exception {
    storage().put("a.csv", new ByteArrayInputStream(new byte[] {1}), 10, Optional.empty());

    assertThatThrownBy(
            () ->
                storage()
                    .put("a.csv", bytes("abc"), 10, Optional.of("00" + SHA_OF_ABC.substring(2))))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(SHA_OF_ABC);

    assertThat(storage().stat("a.csv")).map(StoredObject::size).contains(1L);
    assertThat(storage().stat("b.csv")).isEmpty();
    assertNoUnfinishedWrites();
  }

  @Test
  void put_largeStreamWithWrongSha256_storesNothing() throws Exception {
    assertThatThrownBy(
            () ->
                storage()
                    .put("big.bin", new GeneratedStream(LARGE, 3), LARGE, Optional.of(SHA_OF_ABC)))
        .isInstanceOf(ChecksumMismatchException.class);

    assertThat(storage().stat("big.bin")).isEmpty();
    assertThat(storage().list("")).isEmpty();
    assertNoUnfinishedWrites();
  }

  @Test
  void put_overTheSizeLimit_storesNothing() throws Exception {
    assertThatThrownBy(() -> storage().put("a.csv", bytes("abc"), 2, Optional.empty()))
        .isInstanceOf(ObjectTooLargeException.class);
    long limit = 12L * 1024 * 1024;
    assertThatThrownBy(
            () -> storage().put("big.bin", new GeneratedStream(LARGE, 5), limit, Optional.empty()))
        .isInstanceOf(ObjectTooLargeException.class)
        .hasMessageContaining(Long.toString(limit));

    assertThat(storage().stat("a.csv")).isEmpty();
    assertThat(storage().stat("big.bin")).isEmpty();
    assertNoUnfinishedWrites();
  }

  @Test
  void put_exactlyAtTheLimit_isStored() throws Exception {
    assertThat(storage().put("a.csv", bytes("abc"), 3, Optional.empty()).size()).isEqualTo(3);
  }

  @Test
  void put_sameKeyAgain_replacesTheObject() throws Exception {
    storage().put("a.csv", bytes("first version"), 100, Optional.empty());
    storage().put("a.csv", bytes("abc"), 100, Optional.empty());

    assertThat(storage().stat("a.csv")).map(StoredObject::sha256).contains(SHA_OF_ABC);
    try (InputStream in = storage().open("a.csv")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }
  }

  @Test
  void create_isInvisibleUntilCommitted() throws Exception {
    GeneratedStream source = new GeneratedStream(LARGE, 11);
    StoredObject committed;
    try (ObjectStorage.PendingObject pending = storage().create("out/x.csv")) {
      source.transferTo(pending.stream());
      assertThat(storage().stat("out/x.csv")).isEmpty();
      assertThat(storage().list("out/")).isEmpty();
      committed = pending.commit();
    }

    assertThat(committed.sha256()).isEqualTo(source.sha256Hex());
    assertThat(storage().stat("out/x.csv")).map(StoredObject::size).contains(LARGE);
    assertNoUnfinishedWrites();
  }

  @Test
  void create_closedWithoutCommit_leavesNothing() throws Exception {
    try (ObjectStorage.PendingObject pending = storage().create("out/small.csv")) {
      pending.stream().write(1);
    }
    try (ObjectStorage.PendingObject pending = storage().create("out/large.csv")) {
      new GeneratedStream(LARGE, 13).transferTo(pending.stream());
    }

    assertThat(storage().stat("out/small.csv")).isEmpty();
    assertThat(storage().stat("out/large.csv")).isEmpty();
    assertThat(storage().list("")).isEmpty();
    assertNoUnfinishedWrites();
  }

  @Test
  void create_streamClosedBeforeCommit_stillInvisible_thenCommitPublishesEverything()
      throws Exception {
    GeneratedStream large = new GeneratedStream(LARGE, 17);
    try (ObjectStorage.PendingObject big = storage().create("out/big.csv");
        ObjectStorage.PendingObject small = storage().create("out/small.csv")) {
      large.transferTo(big.stream());
      big.stream().close();
      small.stream().write("abc".getBytes(StandardCharsets.UTF_8));
      small.stream().close();
      assertThat(storage().list("out/")).isEmpty();

      assertThat(big.commit().sha256()).isEqualTo(large.sha256Hex());
      assertThat(small.commit().sha256()).isEqualTo(SHA_OF_ABC);
    }
    assertThat(storage().stat("out/big.csv")).map(StoredObject::size).contains(LARGE);
    assertNoUnfinishedWrites();
  }

  @Test
  void create_streamClosedButNeverCommitted_leavesNothing() throws Exception {
    try (ObjectStorage.PendingObject big = storage().create("out/big.csv")) {
      new GeneratedStream(LARGE, 19).transferTo(big.stream());
      big.stream().close();
    }

    assertThat(storage().list("")).isEmpty();
    assertNoUnfinishedWrites();
  }

  @Test
  void create_closeAfterCommit_keepsTheObject() throws Exception {
    ObjectStorage.PendingObject pending = storage().create("out/x.csv");
    pending.stream().write("abc".getBytes(StandardCharsets.UTF_8));
    pending.commit();
    pending.close();
    pending.close();

    assertThat(storage().stat("out/x.csv")).map(StoredObject::sha256).contains(SHA_OF_ABC);
  }

  @Test
  void listPages_afterTheLastKeyOfEachPage_reachEveryObjectOnceInKeyOrder() throws Exception {
    List<String> keys =
        List.of("in/~.csv", "in/b.csv", "in/a.csv", "in/sub/c.csv", "in/f.csv", "out/x.csv");
    for (String key : keys) {
      storage().put(key, bytes(key), 100, Optional.empty());
    }

    List<String> seen = new java.util.ArrayList<>();
    Optional<String> after = Optional.empty();
    int pages = 0;
    while (true) {
      List<StoredObject> page = storage().list("in/", after, 2);
      page.forEach(o -> seen.add(o.key()));
      pages++;
      if (page.size() < 2) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).key());
    }

    assertThat(seen)
        .containsExactly("in/a.csv", "in/b.csv", "in/f.csv", "in/sub/c.csv", "in/~.csv");
    assertThat(pages).isEqualTo(3);
    assertThat(storage().list("in/", Optional.of("in/b"), 10))
        .extracting(StoredObject::key)
        .startsWith("in/b.csv");
    assertThat(storage().list("in/", Optional.of("zzz"), 10)).isEmpty();
  }

  @Test
  void keyOrder_isByCodePoint_asS3Lists() {
    assertThat(ObjectKeys.ORDER.compare("a", "b")).isNegative();
    assertThat(ObjectKeys.ORDER.compare("a", "a/")).isNegative();
    // U+FF5E sorts before U+1F600 by code point (and in UTF-8), after it in UTF-16 code units
    assertThat(ObjectKeys.ORDER.compare("\uFF5E", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
  }

  @Test
  void list_byPrefix_returnsOnlyMatchingKeysInKeyOrderAcrossPages() throws Exception {
    List<String> keys =
        List.of(
            "in/b.csv",
            "in/a.csv",
            "in/sub/c.csv",
            "in2/d.csv",
            "out/e.csv",
            "in/f.csv",
            "in/g.csv");
    for (String key : keys) {
      storage().put(key, bytes(key), 100, Optional.empty());
    }

    assertThat(storage().list("in/"))
        .extracting(StoredObject::key)
        .containsExactly("in/a.csv", "in/b.csv", "in/f.csv", "in/g.csv", "in/sub/c.csv");
    assertThat(storage().list("in")).hasSize(6);
    assertThat(storage().list("")).hasSize(7);
    assertThat(storage().list("nothing/")).isEmpty();
    StoredObject a = storage().list("in/a").get(0);
    assertThat(a.size()).isEqualTo(8);
    assertThat(a.sha256()).isEqualTo(sha256Hex("in/a.csv".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void delete_removesTheObject_andReportsAbsence() throws Exception {
    storage().put("a.csv", bytes("abc"), 10, Optional.empty());

    assertThat(storage().delete("a.csv")).isTrue();
    assertThat(storage().stat("a.csv")).isEmpty();
    assertThat(storage().list("")).isEmpty();
    assertThat(storage().delete("a.csv")).isFalse();
  }

  @Test
  void stat_missingObject_isEmpty_andOpenFails() {
    assertThatThrownBy(() -> storage().open("missing.csv"))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatCode(() -> assertThat(storage().stat("missing.csv")).isEmpty())
        .doesNotThrowAnyException();
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertThatCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable code) {
    return org.assertj.core.api.Assertions.assertThatCode(code);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x.csv",
        "a/../../x.csv",
        "/etc/passwd",
        "a//b",
        "a/./b",
        "a\u0001b",
        "a\\b",
        "C:/x",
        "dir/",
        ""
      })
  void everyOperation_invalidKey_isRefusedWithoutEchoingTheKey(String key) throws Exception {
    assertThatThrownBy(() -> storage().put(key, bytes("abc"), 10, Optional.empty()))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> storage().create(key)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> storage().stat(key)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> storage().open(key)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> storage().delete(key)).isInstanceOf(InvalidKeyException.class);
    assertThat(storage().list("")).isEmpty();
    assertNoUnfinishedWrites();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../", "/abs/", "a//", "a\u0000"})
  void list_invalidPrefix_isRefused(String prefix) {
    assertThatThrownBy(() -> storage().list(prefix)).isInstanceOf(InvalidKeyException.class);
  }

  static String sha256Hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /**
   * A deterministic pseudo-random byte stream of a given length, produced on the fly (no buffer of
   * its size exists), which knows its SHA-256 once read to the end.
   */
  protected static final class GeneratedStream extends InputStream {
    private final long length;
    private final MessageDigest digest;
    private long position;
    private long state;
    private String hex;

    GeneratedStream(long length, long seed) throws Exception {
      this.length = length;
      this.state = seed * 0x9E3779B97F4A7C15L + 1;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) {
      if (position >= length) {
        return -1;
      }
      int n = (int) Math.min(count, length - position);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        bytes[offset + i] = (byte) state;
      }
      digest.update(bytes, offset, n);
      position += n;
      return n;
    }

    /** The SHA-256 of everything read so far (call after reading to the end). */
    String sha256Hex() {
      if (hex == null) {
        hex = HexFormat.of().formatHex(digest.digest());
      }
      return hex;
    }

    /** Reads the rest and returns the SHA-256 of the whole stream. */
    String drainDigest() throws IOException {
      transferTo(OutputStream.nullOutputStream());
      return sha256Hex();
    }

    static String digestOf(InputStream in) throws Exception {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
