package org.deid.server.storage;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link ObjectStorage} in a local folder: {@code objects/KEY} holds the content, {@code
 * meta/KEY.sha256} its digest, {@code tmp/} the objects being written (files there idle for a day
 * are removed at start, so a crash leaves nothing behind for long, while processes on one host can
 * share the folder). Objects are published by an atomic rename. Thread-safe.
 */
public final class LocalObjectStorage implements ObjectStorage {
  private static final int BUFFER = 64 * 1024;
  private static final java.time.Duration LEFTOVER_AGE = java.time.Duration.ofDays(1);

  private final Path objects;
  private final Path meta;
  private final Path tmp;
  private final Object publishLock = new Object();

  /**
   * Opens (creating) the storage folder and removes leftovers of interrupted writes.
   *
   * @param root the folder
   * @throws IOException if it cannot be created
   */
  public LocalObjectStorage(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    this.objects = Files.createDirectories(absolute.resolve("objects"));
    this.meta = Files.createDirectories(absolute.resolve("meta"));
    this.tmp = Files.createDirectories(absolute.resolve("tmp"));
    // other processes on this host may share the folder: only writes idle for a day are leftovers
    Instant idleSince = Instant.now().minus(LEFTOVER_AGE);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
      for (Path leftover : leftovers) {
        if (Files.getLastModifiedTime(leftover).toInstant().isBefore(idleSince)) {
          Files.deleteIfExists(leftover);
        }
      }
    }
  }

  @Override
  public StoredObject put(
      String key, InputStream data, long maxBytes, Optional<String> expectedSha256)
      throws IOException {
    try (Pending pending = new Pending(key)) {
      byte[] buffer = new byte[BUFFER];
      long total = 0;
      int n;
      while ((n = data.read(buffer)) >= 0) {
        total += n;
        if (total > maxBytes) {
          throw new ObjectTooLargeException(maxBytes);
        }
        pending.stream().write(buffer, 0, n);
      }
      String actual = pending.finish();
      if (expectedSha256.isPresent()
          && !expectedSha256.get().toLowerCase(Locale.ROOT).equals(actual)) {
        throw new ChecksumMismatchException(actual);
      }
      return pending.publish(actual);
    }
  }

  @Override
  public PendingObject create(String key) throws IOException {
    return new Pending(key);
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    Path file = objectPath(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(describe(key, file));
  }

  private StoredObject describe(String key, Path file) throws IOException {
    String sha256;
    try {
      sha256 = Files.readString(metaPath(key), StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      sha256 = digestOf(file);
    }
    return new StoredObject(
        key, Files.size(file), sha256, Files.getLastModifiedTime(file).toInstant());
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return Files.newInputStream(objectPath(key));
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException();
    }
  }

  @Override
  public List<StoredObject> list(String prefix) throws IOException {
    ObjectKeys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? objects : objects.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<StoredObject> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key =
            objects.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (key.startsWith(prefix)) {
          found.add(describe(key, file));
        }
      }
    }
    found.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
    return found;
  }

  @Override
  public boolean delete(String key) throws IOException {
    synchronized (publishLock) {
      Files.deleteIfExists(metaPath(key));
      return Files.deleteIfExists(objectPath(key));
    }
  }

  @Override
  public StoredObject move(String from, String to) throws IOException {
    Path source = objectPath(from);
    Path target = objectPath(to);
    Path sourceMeta = metaPath(from);
    Path targetMeta = metaPath(to);
    String sha256 = stat(from).orElseThrow(NoSuchObjectException::new).sha256();
    Path metaTemp = Files.createTempFile(tmp, "meta-", ".part");
    Files.writeString(metaTemp, sha256 + "\n", StandardCharsets.US_ASCII);
    synchronized (publishLock) {
      if (!Files.isRegularFile(source)) {
        Files.deleteIfExists(metaTemp);
        throw new NoSuchObjectException();
      }
      Files.createDirectories(target.getParent());
      Files.createDirectories(targetMeta.getParent());
      Files.move(
          metaTemp,
          targetMeta,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(sourceMeta);
    }
    return describe(to, target);
  }

  private Path objectPath(String key) {
    return inside(objects, ObjectKeys.checkKey(key));
  }

  private Path metaPath(String key) {
    return inside(meta, ObjectKeys.checkKey(key) + ".sha256");
  }

  private static Path inside(Path root, String relative) {
    Path path = root.resolve(relative).normalize();
    if (!path.startsWith(root)) {
      throw new InvalidKeyException("the object key leaves the storage folder");
    }
    return path;
  }

  /**
   * In a folder an object cannot also be a folder of other objects (S3 allows both; this storage
   * refuses them with a 400 rather than failing half-way).
   */
  private void checkFitsTheFolders(Path target) {
    if (Files.isDirectory(target)) {
      throw new InvalidKeyException("the object key names a folder that holds other objects");
    }
    for (Path parent = target.getParent();
        parent != null && parent.startsWith(objects) && !parent.equals(objects);
        parent = parent.getParent()) {
      if (Files.isRegularFile(parent)) {
        throw new InvalidKeyException("a folder in the object key is already an object");
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String digestOf(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A temp file in {@code tmp/}, digested while written, renamed into place on commit. */
  private final class Pending implements PendingObject {
    private final String key;
    private final Path temp;
    private final MessageDigest digest = sha256();
    private final OutputStream stream;
    private boolean done;

    Pending(String key) throws IOException {
      this.key = ObjectKeys.checkKey(key);
      checkFitsTheFolders(objectPath(key));
      this.temp = Files.createTempFile(tmp, "upload-", ".part");
      // a stream (not an interruptible channel): an interrupt of the writing thread, such as the
      // SFTP subsystem's when a session ends, does not close the file under the writer
      this.stream =
          new DigestOutputStream(
              new BufferedOutputStream(new FileOutputStream(temp.toFile()), BUFFER), digest);
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    String finish() throws IOException {
      stream.close();
      // on disk before it becomes visible, so a published object survives a power loss (a fresh
      // descriptor: the writer may have closed the stream already)
      try (FileOutputStream sync = new FileOutputStream(temp.toFile(), true)) {
        sync.getFD().sync();
      }
      return HexFormat.of().formatHex(digest.digest());
    }

    StoredObject publish(String sha256) throws IOException {
      Path target = objectPath(key);
      Path metaTarget = metaPath(key);
      Path metaTemp = Files.createTempFile(tmp, "meta-", ".part");
      try {
        Files.writeString(metaTemp, sha256 + "\n", StandardCharsets.US_ASCII);
        synchronized (publishLock) {
          checkFitsTheFolders(target);
          Files.createDirectories(target.getParent());
          Files.createDirectories(metaTarget.getParent());
          Files.move(
              metaTemp,
              metaTarget,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(metaTemp);
      }
      done = true;
      return new StoredObject(
          key,
          Files.size(target),
          sha256,
          Instant.ofEpochMilli(Files.getLastModifiedTime(target).toMillis()));
    }

    @Override
    public StoredObject commit() throws IOException {
      return publish(finish());
    }

    @Override
    public void close() {
      if (!done) {
        try {
          stream.close();
        } catch (IOException ignored) {
          // the temp file is deleted below either way
        }
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // removed by a later start once idle for a day
        }
        done = true;
      }
    }
  }
}
