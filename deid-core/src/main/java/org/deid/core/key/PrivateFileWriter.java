package org.deid.core.key;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes a secret file atomically, owner-only from its first byte. */
final class PrivateFileWriter {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFileWriter() {}

  static void write(Path file, byte[] content, boolean overwrite) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite");
    }
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      throw new IOException(
          dir + ": file system has no POSIX permissions; cannot create a" + " private key file");
    }
    Path temp = Files.createTempFile(dir, ".deid-keys-", ".tmp", OWNER_ONLY);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (overwrite) {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        moveWithoutReplacing(temp, target);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A rename replaces an existing target, so "create if absent" is done with a hard link, which
   * fails atomically when the target exists; where links are unsupported, the earlier existence
   * check plus an atomic rename is the fallback.
   */
  private static void moveWithoutReplacing(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite");
    } catch (UnsupportedOperationException | IOException e) {
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
