package org.deid.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One client's view of the storage: every key is placed under {@code clients/CLIENT_ID/}, so a
 * client can name only its own objects. Keys are validated before they are combined.
 */
public final class ClientFiles {
  private final ObjectStorage storage;
  private final String root;

  /**
   * Creates the view.
   *
   * @param storage the shared storage
   * @param clientId the client
   */
  public ClientFiles(ObjectStorage storage, String clientId) {
    this.storage = storage;
    this.root = "clients/" + clientId + "/";
  }

  private String full(String key) {
    return root + ObjectKeys.checkKey(key);
  }

  private StoredObject relative(StoredObject object) {
    return new StoredObject(
        object.key().substring(root.length()),
        object.size(),
        object.sha256(),
        object.lastModified());
  }

  /**
   * Stores an upload; see {@link ObjectStorage#put}.
   *
   * @param key the client's key
   * @param data the content
   * @param maxBytes the size limit
   * @param expectedSha256 the announced digest, if any
   * @return the stored object, with the client's key
   * @throws IOException as {@link ObjectStorage#put}
   */
  public StoredObject put(
      String key, InputStream data, long maxBytes, Optional<String> expectedSha256)
      throws IOException {
    return relative(storage.put(full(key), data, maxBytes, expectedSha256));
  }

  /**
   * Starts an output that becomes visible on commit.
   *
   * @param key the client's key
   * @return the pending object (its commit returns the full storage key)
   * @throws IOException if it cannot be started
   */
  public ObjectStorage.PendingObject create(String key) throws IOException {
    return storage.create(full(key));
  }

  /**
   * Returns metadata of the client's object.
   *
   * @param key the client's key
   * @return the metadata, empty if absent
   * @throws IOException if storage fails
   */
  public Optional<StoredObject> stat(String key) throws IOException {
    return storage.stat(full(key)).map(this::relative);
  }

  /**
   * Opens the client's object.
   *
   * @param key the client's key
   * @return the content stream
   * @throws IOException if absent or unreadable
   */
  public InputStream open(String key) throws IOException {
    return storage.open(full(key));
  }

  /**
   * Lists the client's objects under a prefix.
   *
   * @param prefix the prefix (may be empty)
   * @return the objects, with the client's keys
   * @throws IOException if storage fails
   */
  public List<StoredObject> list(String prefix) throws IOException {
    return storage.list(root + ObjectKeys.checkPrefix(prefix)).stream()
        .map(this::relative)
        .toList();
  }

  /**
   * Lists a page of the client's objects under a prefix, in key order.
   *
   * @param prefix the prefix (may be empty)
   * @param after only the client's keys after this one, empty for the first page
   * @param limit the most objects
   * @return the objects, with the client's keys
   * @throws IOException if storage fails
   */
  public List<StoredObject> list(String prefix, Optional<String> after, int limit)
      throws IOException {
    return storage
        .list(root + ObjectKeys.checkPrefix(prefix), after.map(key -> root + key), limit)
        .stream()
        .map(this::relative)
        .toList();
  }

  /**
   * Deletes the client's object.
   *
   * @param key the client's key
   * @return false if absent
   * @throws IOException if storage fails
   */
  public boolean delete(String key) throws IOException {
    return storage.delete(full(key));
  }
}
