package org.deid.server.sftp;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The provider behind every {@link ClientFileSystem}: it hands each operation to the path's own
 * file system. Links are not supported; times, permissions and owners cannot be changed (such
 * requests are accepted and ignored, so clients that preserve times keep working).
 */
final class ClientFileSystemProvider extends FileSystemProvider {
  static final ClientFileSystemProvider INSTANCE = new ClientFileSystemProvider();

  private ClientFileSystemProvider() {}

  private static ClientPath cast(Path path) {
    if (path instanceof ClientPath clientPath) {
      return clientPath;
    }
    throw new ProviderMismatchException();
  }

  @Override
  public String getScheme() {
    return "deid-sftp";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("file systems are made per SFTP session");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("file systems are made per SFTP session");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("paths come from a session's file system");
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    ClientPath p = cast(path);
    return p.getFileSystem().open(p, options);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    ClientPath p = cast(dir);
    return p.getFileSystem().list(p, filter);
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    ClientPath p = cast(dir);
    p.getFileSystem().createFolder(p);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) {
    throw new UnsupportedOperationException("links are not supported");
  }

  @Override
  public void createLink(Path link, Path existing) {
    throw new UnsupportedOperationException("links are not supported");
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    throw new NotLinkException(link.toString());
  }

  @Override
  public void delete(Path path) throws IOException {
    ClientPath p = cast(path);
    p.getFileSystem().delete(p);
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) {
    throw new UnsupportedOperationException("server-side copy is not supported");
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    ClientPath from = cast(source);
    ClientPath to = cast(target);
    if (from.getFileSystem() != to.getFileSystem()) {
      throw new ProviderMismatchException();
    }
    from.getFileSystem().move(from, to, new HashSet<>(Arrays.asList(options)));
  }

  @Override
  public boolean isSameFile(Path path, Path path2) {
    ClientPath a = cast(path);
    return path2 instanceof ClientPath b
        && a.getFileSystem() == b.getFileSystem()
        && a.key().equals(b.key());
  }

  @Override
  public boolean isHidden(Path path) {
    return false;
  }

  @Override
  public FileStore getFileStore(Path path) {
    return new ObjectFileStore();
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    ClientPath p = cast(path);
    p.getFileSystem().attributes(p);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    ClientPath p = cast(path);
    if (type == BasicFileAttributeView.class
        || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class) {
      return (V) new View(p);
    }
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    ClientPath p = cast(path);
    if (type == BasicFileAttributes.class || type == PosixFileAttributes.class) {
      return (A) p.getFileSystem().attributes(p);
    }
    throw new UnsupportedOperationException("attributes " + type.getSimpleName());
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    ClientPath p = cast(path);
    Map<String, Object> all = p.getFileSystem().attributes(p).toMap();
    String names =
        attributes.contains(":") ? attributes.substring(attributes.indexOf(':') + 1) : attributes;
    if (names.equals("*")) {
      return all;
    }
    Map<String, Object> chosen = new LinkedHashMap<>();
    for (String name : names.split(",", -1)) {
      if (all.containsKey(name)) {
        chosen.put(name, all.get(name));
      }
    }
    return chosen;
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    ClientPath p = cast(path);
    p.getFileSystem().attributes(p);
    // times, permissions and owners are not stored: accepted and ignored
  }

  /** The attribute view: reads from the storage, ignores changes. */
  private static final class View implements PosixFileAttributeView {
    private final ClientPath path;

    View(ClientPath path) {
      this.path = path;
    }

    @Override
    public String name() {
      return "posix";
    }

    @Override
    public PosixFileAttributes readAttributes() throws IOException {
      return path.getFileSystem().attributes(path);
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) {
      // not stored
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) {
      // not stored
    }

    @Override
    public void setGroup(GroupPrincipal group) {
      // not stored
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
      return readAttributes().owner();
    }

    @Override
    public void setOwner(UserPrincipal owner) {
      // not stored
    }
  }

  /** What {@code df} shows: the storage has no fixed size. */
  private static final class ObjectFileStore extends FileStore {
    @Override
    public String name() {
      return "deid";
    }

    @Override
    public String type() {
      return "object-storage";
    }

    @Override
    public boolean isReadOnly() {
      return false;
    }

    @Override
    public long getTotalSpace() {
      return Long.MAX_VALUE;
    }

    @Override
    public long getUsableSpace() {
      return Long.MAX_VALUE;
    }

    @Override
    public long getUnallocatedSpace() {
      return Long.MAX_VALUE;
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
      return type == BasicFileAttributeView.class || type == PosixFileAttributeView.class;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
      return name.equals("basic") || name.equals("posix");
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
      return null;
    }

    @Override
    public Object getAttribute(String attribute) {
      throw new UnsupportedOperationException(attribute);
    }
  }
}
