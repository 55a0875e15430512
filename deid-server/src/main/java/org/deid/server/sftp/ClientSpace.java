package org.deid.server.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.deid.server.storage.ObjectKeys;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;

/**
 * What an SFTP session of one client can reach in the object storage: the client's own files
 * ({@code clients/ID/KEY}, the same objects the HTTP API serves) and its interrupted SFTP uploads
 * ({@code sftp-partial/ID/KEY}), which only SFTP shows, so that {@code reput} can resume them while
 * HTTP and the inbox keep seeing complete files only. Keys are validated by {@link ObjectKeys}.
 */
final class ClientSpace {
  private final ObjectStorage storage;
  private final String clientId;
  private final String filesRoot;
  private final String partialRoot;

  ClientSpace(ObjectStorage storage, String clientId) {
    this.storage = storage;
    this.clientId = clientId;
    this.filesRoot = "clients/" + clientId + "/";
    this.partialRoot = partialRoot(clientId);
  }

  static String partialRoot(String clientId) {
    return "sftp-partial/" + clientId + "/";
  }

  String clientId() {
    return clientId;
  }

  /**
   * A file as SFTP shows it: the interrupted upload when there is one, else the complete file.
   *
   * @param key the client's key
   * @param size its size
   * @param lastModified when it was written
   * @param partial whether it is an interrupted upload
   */
  record Entry(String key, long size, Instant lastModified, boolean partial) {}

  Optional<StoredObject> complete(String key) throws IOException {
    return storage.stat(filesRoot + ObjectKeys.checkKey(key)).map(o -> relative(o, filesRoot));
  }

  Optional<StoredObject> partial(String key) throws IOException {
    return storage.stat(partialRoot + ObjectKeys.checkKey(key)).map(o -> relative(o, partialRoot));
  }

  Optional<Entry> stat(String key) throws IOException {
    Optional<StoredObject> partial = partial(key);
    if (partial.isPresent()) {
      return partial.map(o -> new Entry(key, o.size(), o.lastModified(), true));
    }
    return complete(key).map(o -> new Entry(key, o.size(), o.lastModified(), false));
  }

  /** Every file under a folder prefix (empty for the root), partial uploads shadowing files. */
  List<Entry> list(String prefix) throws IOException {
    ObjectKeys.checkPrefix(prefix);
    TreeMap<String, Entry> entries = new TreeMap<>();
    for (StoredObject o : storage.list(filesRoot + prefix)) {
      String key = o.key().substring(filesRoot.length());
      entries.put(key, new Entry(key, o.size(), o.lastModified(), false));
    }
    for (StoredObject o : storage.list(partialRoot + prefix)) {
      String key = o.key().substring(partialRoot.length());
      entries.put(key, new Entry(key, o.size(), o.lastModified(), true));
    }
    return List.copyOf(entries.values());
  }

  InputStream open(Entry entry) throws IOException {
    return storage.open(
        (entry.partial() ? partialRoot : filesRoot) + ObjectKeys.checkKey(entry.key()));
  }

  ObjectStorage.PendingObject createPartial(String key) throws IOException {
    return storage.create(partialRoot + ObjectKeys.checkKey(key));
  }

  /** Publishes a completed upload: the partial object becomes the client's file. */
  StoredObject promote(String key) throws IOException {
    return relative(
        storage.move(partialRoot + ObjectKeys.checkKey(key), filesRoot + key), filesRoot);
  }

  /** Deletes the file and any interrupted upload of it; false if there was neither. */
  boolean delete(String key) throws IOException {
    boolean partial = storage.delete(partialRoot + ObjectKeys.checkKey(key));
    boolean complete = storage.delete(filesRoot + key);
    return partial || complete;
  }

  /** Renames a file (and its interrupted upload); returns the complete file at its new key. */
  Optional<StoredObject> rename(String from, String to) throws IOException {
    ObjectKeys.checkKey(from);
    ObjectKeys.checkKey(to);
    Optional<StoredObject> moved = Optional.empty();
    if (storage.stat(filesRoot + from).isPresent()) {
      moved = Optional.of(relative(storage.move(filesRoot + from, filesRoot + to), filesRoot));
    } else {
      storage.delete(filesRoot + to);
    }
    if (storage.stat(partialRoot + from).isPresent()) {
      storage.move(partialRoot + from, partialRoot + to);
    } else {
      storage.delete(partialRoot + to);
    }
    return moved;
  }

  private static StoredObject relative(StoredObject object, String root) {
    return new StoredObject(
        object.key().substring(root.length()),
        object.size(),
        object.sha256(),
        object.lastModified());
  }
}
