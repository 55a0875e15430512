package org.deid.cli.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.deid.core.pipeline.TempFiles;

/**
 * A file written under a hidden temporary name ({@code .NAME.XXXX.partial}, mode 0600) in the
 * target directory and renamed to its final name only by {@link #commit()}. Closing without
 * committing deletes the temporary file, and so does a JVM shutdown (Ctrl-C, {@code SIGTERM}) in
 * the middle of a run, so a failed or interrupted run never leaves a file that looks complete.
 */
public final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private boolean committed;

  /**
   * Creates the temporary file (and the target's directory if needed).
   *
   * @param target the final name
   * @throws IOException if the file cannot be created
   */
  public AtomicOutput(Path target) throws IOException {
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
    this.temp = TempFiles.register(created);
  }

  /**
   * Opens the temporary file for writing.
   *
   * @return a new stream; the caller closes it before {@link #commit()}
   * @throws IOException if it cannot be opened
   */
  public OutputStream open() throws IOException {
    return Files.newOutputStream(temp);
  }

  /**
   * Writes the whole content of the temporary file.
   *
   * @param content the bytes
   * @throws IOException if writing fails
   */
  public void write(byte[] content) throws IOException {
    Files.write(temp, content);
  }

  /**
   * Renames the temporary file to the target (replacing it), readable by the owner's group.
   *
   * @throws IOException if the rename fails
   */
  public void commit() throws IOException {
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r-----"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default permissions.
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
    TempFiles.forget(temp);
  }

  /** Deletes the temporary file unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(temp);
      TempFiles.forget(temp);
    }
  }
}
