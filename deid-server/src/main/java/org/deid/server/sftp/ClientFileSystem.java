package org.deid.server.sftp;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.file.util.BaseFileSystem;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.ObjectKeys;
import org.deid.server.storage.StoredObject;

/**
 * One SFTP session's view of its client's space, as a {@link java.nio.file.FileSystem} over the
 * object storage (never a disk folder). {@code /} is the client's root; folders are the key
 * prefixes of its files, plus folders made in this session with {@code mkdir} (object storage has
 * no empty folders, so those last until the session ends or a file is put in them). There are no
 * links. Directory listings are remembered for a second, so the attribute look-ups an SFTP {@code
 * ls} makes for every entry do not each reach the storage.
 */
final class ClientFileSystem extends BaseFileSystem<ClientPath> {
  private static final long CACHE_NANOS = 1_000_000_000L;

  private final ClientSpace space;
  private final SessionInfo session;
  private final long maxUploadBytes;
  private final TransferListener listener;
  private final Set<String> madeFolders = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile boolean open = true;

  private record Cached(Optional<Node> node, long at) {}

  /**
   * A file or folder.
   *
   * @param key the key ({@code ""} for the root)
   * @param folder whether it is a folder
   * @param entry the file, when it is one
   */
  record Node(String key, boolean folder, Optional<ClientSpace.Entry> entry) {}

  ClientFileSystem(
      ClientFileSystemProvider provider,
      ClientSpace space,
      SessionInfo session,
      long maxUploadBytes,
      TransferListener listener) {
    super(provider);
    this.space = space;
    this.session = session;
    this.maxUploadBytes = maxUploadBytes;
    this.listener = listener;
  }

  @Override
  protected ClientPath create(String root, List<String> names) {
    return new ClientPath(this, root, names);
  }

  @Override
  public void close() {
    open = false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return Set.of("basic", "posix", "owner");
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return new UserPrincipalLookupService() {
      @Override
      public java.nio.file.attribute.UserPrincipal lookupPrincipalByName(String name)
          throws UserPrincipalNotFoundException {
        throw new UserPrincipalNotFoundException(name);
      }

      @Override
      public java.nio.file.attribute.GroupPrincipal lookupPrincipalByGroupName(String group)
          throws UserPrincipalNotFoundException {
        throw new UserPrincipalNotFoundException(group);
      }
    };
  }

  SessionInfo session() {
    return session;
  }

  // ---- lookups

  /** The file or folder a path names, empty if none. */
  Optional<Node> node(ClientPath path) throws IOException {
    return node(checkedKey(path));
  }

  private Optional<Node> node(String key) throws IOException {
    if (key.isEmpty()) {
      return Optional.of(new Node("", true, Optional.empty()));
    }
    Cached cached = cache.get(key);
    if (cached != null && System.nanoTime() - cached.at() < CACHE_NANOS) {
      return cached.node();
    }
    Optional<Node> found;
    Optional<ClientSpace.Entry> entry = space.stat(key);
    if (entry.isPresent()) {
      found = Optional.of(new Node(key, false, entry));
    } else if (madeFolders.contains(key) || !space.list(key + "/").isEmpty()) {
      found = Optional.of(new Node(key, true, Optional.empty()));
    } else {
      found = Optional.empty();
    }
    cache.put(key, new Cached(found, System.nanoTime()));
    return found;
  }

  private Node existing(ClientPath path) throws IOException {
    return node(path).orElseThrow(() -> new NoSuchFileException(path.toString()));
  }

  ObjectAttributes attributes(ClientPath path) throws IOException {
    Node node = existing(path);
    if (node.folder()) {
      return ObjectAttributes.folder(node.key(), session.clientName());
    }
    ClientSpace.Entry entry = node.entry().orElseThrow();
    return new ObjectAttributes(
        node.key(), false, entry.size(), entry.lastModified(), session.clientName());
  }

  /** The key of a path, refused (never leaving the client's space) if it is not a valid key. */
  private static String checkedKey(ClientPath path) throws AccessDeniedException {
    String key = path.key();
    if (key.isEmpty()) {
      return key;
    }
    try {
      return ObjectKeys.checkKey(key);
    } catch (InvalidKeyException e) {
      throw new AccessDeniedException(path.toString(), null, e.getMessage());
    }
  }

  private static String parentKey(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  private void changed() {
    cache.clear();
  }

  // ---- folders

  DirectoryStream<Path> list(ClientPath dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    Node node = existing(dir);
    if (!node.folder()) {
      throw new NotDirectoryException(dir.toString());
    }
    String prefix = node.key().isEmpty() ? "" : node.key() + "/";
    TreeMap<String, Node> children = new TreeMap<>();
    for (ClientSpace.Entry entry : space.list(prefix)) {
      String rest = entry.key().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        children.put(rest, new Node(entry.key(), false, Optional.of(entry)));
      } else {
        String name = rest.substring(0, slash);
        children.putIfAbsent(name, new Node(prefix + name, true, Optional.empty()));
      }
    }
    for (String made : madeFolders) {
      if (parentKey(made).equals(node.key())) {
        String name = made.substring(prefix.length());
        children.putIfAbsent(name, new Node(made, true, Optional.empty()));
      }
    }
    long now = System.nanoTime();
    List<Path> paths = new ArrayList<>();
    for (var child : children.entrySet()) {
      cache.put(child.getValue().key(), new Cached(Optional.of(child.getValue()), now));
      Path path = dir.resolve(child.getKey());
      if (filter == null || filter.accept(path)) {
        paths.add(path);
      }
    }
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        return paths.iterator();
      }

      @Override
      public void close() {
        // nothing held open
      }
    };
  }

  void createFolder(ClientPath dir) throws IOException {
    String key = checkedKey(dir);
    if (node(key).isPresent()) {
      throw new FileAlreadyExistsException(dir.toString());
    }
    requireFolderParent(key, dir);
    madeFolders.add(key);
    changed();
  }

  private void requireFolderParent(String key, ClientPath path) throws IOException {
    String parent = parentKey(key);
    while (!parent.isEmpty()) {
      if (space.stat(parent).isPresent()) {
        throw new NotDirectoryException(path.toString());
      }
      parent = parentKey(parent);
    }
  }

  // ---- files

  SeekableByteChannel open(ClientPath path, Set<? extends OpenOption> options) throws IOException {
    String key = checkedKey(path);
    boolean write =
        options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    if (write && options.contains(StandardOpenOption.READ)) {
      throw new FileSystemException(
          path.toString(), null, "open a file for reading or for writing, not both");
    }
    if (key.isEmpty()) {
      throw new FileSystemException(path.toString(), null, "is a folder");
    }
    Optional<Node> node = node(key);
    if (node.isPresent() && node.get().folder()) {
      throw new FileSystemException(path.toString(), null, "is a folder");
    }
    if (!write) {
      if (node.isEmpty()) {
        throw new NoSuchFileException(path.toString());
      }
      return new DownloadChannel(space, node.get().entry().orElseThrow(), session, listener);
    }
    if (node.isPresent() && options.contains(StandardOpenOption.CREATE_NEW)) {
      throw new FileAlreadyExistsException(path.toString());
    }
    if (node.isEmpty()
        && !options.contains(StandardOpenOption.CREATE)
        && !options.contains(StandardOpenOption.CREATE_NEW)) {
      throw new NoSuchFileException(path.toString());
    }
    requireFolderParent(key, path);
    Optional<ClientSpace.Entry> base =
        options.contains(StandardOpenOption.TRUNCATE_EXISTING)
            ? Optional.empty()
            : node.flatMap(Node::entry);
    changed();
    return UploadChannel.start(space, key, base, maxUploadBytes, session, changeTracking());
  }

  /** Forgets cached look-ups whenever an upload ends, then tells the session's listener. */
  private TransferListener changeTracking() {
    return new TransferListener() {
      @Override
      public void uploaded(SessionInfo info, StoredObject file, long millis) {
        changed();
        listener.uploaded(info, file, millis);
      }

      @Override
      public void interrupted(SessionInfo info, String key, long bytes, long millis) {
        changed();
        listener.interrupted(info, key, bytes, millis);
      }

      @Override
      public void uploadFailed(SessionInfo info, int status, long millis) {
        changed();
        listener.uploadFailed(info, status, millis);
      }

      @Override
      public void downloaded(SessionInfo info, long bytes, long millis) {
        listener.downloaded(info, bytes, millis);
      }

      @Override
      public void deleted(SessionInfo info) {
        changed();
        listener.deleted(info);
      }

      @Override
      public void renamed(SessionInfo info, Optional<StoredObject> file) {
        changed();
        listener.renamed(info, file);
      }
    };
  }

  void delete(ClientPath path) throws IOException {
    Node node = existing(path);
    if (node.key().isEmpty()) {
      throw new AccessDeniedException(path.toString(), null, "the root cannot be removed");
    }
    if (node.folder()) {
      if (!space.list(node.key() + "/").isEmpty()
          || madeFolders.stream().anyMatch(f -> f.startsWith(node.key() + "/"))) {
        throw new DirectoryNotEmptyException(path.toString());
      }
      madeFolders.remove(node.key());
      changed();
      return;
    }
    boolean removed = space.delete(node.key());
    changed();
    if (!removed) {
      throw new NoSuchFileException(path.toString());
    }
    listener.deleted(session);
  }

  void move(ClientPath from, ClientPath to, Set<?> options) throws IOException {
    Node source = existing(from);
    String target = checkedKey(to);
    if (source.key().isEmpty() || target.isEmpty()) {
      throw new AccessDeniedException(from.toString(), to.toString(), "the root cannot be moved");
    }
    if (source.key().equals(target)) {
      return;
    }
    Optional<Node> existing = node(target);
    if (existing.isPresent()
        && (existing.get().folder() || !options.contains(StandardCopyOption.REPLACE_EXISTING))) {
      throw new FileAlreadyExistsException(to.toString());
    }
    requireFolderParent(target, to);
    if (source.folder()) {
      boolean empty =
          space.list(source.key() + "/").isEmpty()
              && madeFolders.stream().noneMatch(f -> f.startsWith(source.key() + "/"));
      if (!empty) {
        throw new FileSystemException(
            from.toString(), to.toString(), "renaming a folder that holds files is not supported");
      }
      madeFolders.remove(source.key());
      madeFolders.add(target);
      changed();
      return;
    }
    Optional<StoredObject> moved = space.rename(source.key(), target);
    changed();
    listener.renamed(session, moved);
  }
}
