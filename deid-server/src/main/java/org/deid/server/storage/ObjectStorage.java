package org.deid.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where files live: a flat namespace of keys (validated by {@link ObjectKeys}) holding byte
 * streams. Nothing is buffered whole in memory. An object becomes visible only when it is complete
 * (uploads and {@link PendingObject#commit} publish atomically), so readers never see a partial
 * object. Implementations are thread-safe: the local folder now, S3 next.
 */
public interface ObjectStorage {
  /**
   * Stores a stream under a key, replacing any earlier object.
   *
   * @param key the key
   * @param data the content, read to its end
   * @param maxBytes the most bytes accepted
   * @param expectedSha256 the SHA-256 the client announced, if any (hex, any case)
   * @return the stored object's metadata
   * @throws ObjectTooLargeException past the limit (nothing stored)
   * @throws ChecksumMismatchException if the digest differs (nothing stored)
   * @throws IOException if storing fails (nothing stored)
   */
  StoredObject put(String key, InputStream data, long maxBytes, Optional<String> expectedSha256)
      throws IOException;

  /**
   * Starts writing an object that becomes visible only on {@link PendingObject#commit()}.
   *
   * @param key the key
   * @return the pending object; abort or commit it
   * @throws IOException if it cannot be started
   */
  PendingObject create(String key) throws IOException;

  /**
   * Returns an object's metadata.
   *
   * @param key the key
   * @return the metadata, empty if there is no such object
   * @throws IOException if the storage cannot be read
   */
  Optional<StoredObject> stat(String key) throws IOException;

  /**
   * Opens an object for reading.
   *
   * @param key the key
   * @return a stream of its content; the caller closes it
   * @throws NoSuchObjectException if there is no such object
   * @throws IOException if it cannot be read
   */
  InputStream open(String key) throws IOException;

  /**
   * Lists objects whose key starts with a prefix, in key order ({@link ObjectKeys#ORDER}).
   *
   * @param prefix the prefix (may be empty)
   * @return the objects
   * @throws IOException if the storage cannot be read
   */
  List<StoredObject> list(String prefix) throws IOException;

  /**
   * Lists a page of the objects whose key starts with a prefix, in key order: those after a key
   * (exclusive), at most {@code limit}. Paging on the last key of each page reaches every object
   * once, however many there are.
   *
   * @param prefix the prefix (may be empty)
   * @param after only keys after this one, empty for the first page
   * @param limit the most objects, at least 1
   * @return the objects
   * @throws IOException if the storage cannot be read
   */
  default List<StoredObject> list(String prefix, Optional<String> after, int limit)
      throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("a listing needs a limit of at least 1");
    }
    return list(prefix).stream()
        .filter(o -> after.isEmpty() || ObjectKeys.ORDER.compare(o.key(), after.get()) > 0)
        .limit(limit)
        .toList();
  }

  /**
   * Deletes an object.
   *
   * @param key the key
   * @return false if there was no such object
   * @throws IOException if it cannot be deleted
   */
  boolean delete(String key) throws IOException;

  /**
   * Moves an object to another key, replacing any object there. The target appears complete; the
   * source is removed afterwards. This default copies the content through this process (checking
   * its SHA-256) and then deletes the source; backends may do better.
   *
   * @param from the existing key
   * @param to the new key
   * @return the moved object's metadata under its new key
   * @throws NoSuchObjectException if there is no object at {@code from}
   * @throws IOException if it cannot be moved (the source is then left in place)
   */
  default StoredObject move(String from, String to) throws IOException {
    StoredObject source = stat(from).orElseThrow(NoSuchObjectException::new);
    StoredObject moved;
    try (InputStream in = open(from)) {
      moved = put(to, in, Long.MAX_VALUE, Optional.of(source.sha256()));
    }
    delete(from);
    return moved;
  }

  /** An object being written; invisible until committed. */
  interface PendingObject extends AutoCloseable {
    /**
     * Returns the stream to write to.
     *
     * @return the stream (do not close it; commit or abort instead)
     */
    OutputStream stream();

    /**
     * Publishes the object atomically.
     *
     * @return its metadata
     * @throws IOException if it cannot be published (nothing visible)
     */
    StoredObject commit() throws IOException;

    /** Discards the object if it was not committed. Idempotent. */
    @Override
    void close();
  }
}
