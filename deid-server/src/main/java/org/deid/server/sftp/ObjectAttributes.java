package org.deid.server.sftp;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes SFTP shows for a file or folder of the client's space: size and time from the
 * storage, fixed permissions ({@code rw-rw----} for files, {@code rwxrwx---} for folders), the
 * client as owner and group. Nothing else is stored.
 */
final class ObjectAttributes implements PosixFileAttributes {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-rw----");
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwxrwx---");

  private final boolean folder;
  private final long size;
  private final FileTime modified;
  private final String key;
  private final NamedPrincipal owner;

  ObjectAttributes(String key, boolean folder, long size, Instant modified, String ownerName) {
    this.key = key;
    this.folder = folder;
    this.size = size;
    this.modified = FileTime.from(modified);
    this.owner = new NamedPrincipal(ownerName);
  }

  static ObjectAttributes folder(String key, String ownerName) {
    return new ObjectAttributes(key, true, 0, Instant.EPOCH, ownerName);
  }

  @Override
  public FileTime lastModifiedTime() {
    return modified;
  }

  @Override
  public FileTime lastAccessTime() {
    return modified;
  }

  @Override
  public FileTime creationTime() {
    return modified;
  }

  @Override
  public boolean isRegularFile() {
    return !folder;
  }

  @Override
  public boolean isDirectory() {
    return folder;
  }

  @Override
  public boolean isSymbolicLink() {
    return false;
  }

  @Override
  public boolean isOther() {
    return false;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Object fileKey() {
    return key;
  }

  @Override
  public UserPrincipal owner() {
    return owner;
  }

  @Override
  public GroupPrincipal group() {
    return owner;
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return folder ? FOLDER : FILE;
  }

  /** The attributes by name, as {@code Files.readAttributes(path, "posix:*")} returns them. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("lastModifiedTime", lastModifiedTime());
    map.put("lastAccessTime", lastAccessTime());
    map.put("creationTime", creationTime());
    map.put("size", size());
    map.put("isRegularFile", isRegularFile());
    map.put("isDirectory", isDirectory());
    map.put("isSymbolicLink", false);
    map.put("isOther", false);
    map.put("fileKey", fileKey());
    map.put("owner", owner());
    map.put("group", group());
    map.put("permissions", permissions());
    return map;
  }

  /** The client as owner and group of everything in its space. */
  static final class NamedPrincipal implements UserPrincipal, GroupPrincipal {
    private final String name;

    NamedPrincipal(String name) {
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
