package org.deid.cli.tokenize;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written under a temporary name in the target directory and renamed to its final name only
 * by {@link #commit()}. Closing without committing deletes the temporary file, so a failed run
 * never leaves a file that looks complete.
 */
final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private boolean committed;

  AtomicOutput(Path target) throws IOException {
    this.target = target;
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path created;
    try {
      created =
          Files.createTempFile(
              dir,
              "." + target.getFileName() + ".",
              ".partial",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      created = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
    }
    this.temp = created;
  }

  OutputStream open() throws IOException {
    return Files.newOutputStream(temp);
  }

  void write(byte[] content) throws IOException {
    Files.write(temp, content);
  }

  void commit() throws IOException {
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r-----"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default permissions.
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(temp);
    }
  }
}
