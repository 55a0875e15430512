package org.deid.server.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code DIR/server.lock}, so only one embedded server (in any process) uses a
 * data folder at a time. Released on {@link #close()} or when the process ends.
 */
public final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock.
   *
   * @param dataDir the data folder (must exist)
   * @return the held lock
   * @throws ConfigException if another server holds it
   * @throws IOException if the lock file cannot be opened
   */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dataDir.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new ConfigException(
          "another deid server is using the data folder " + dataDir + "; stop it first");
    }
    return new DataDirLock(channel, lock);
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes away with the process anyway
    }
  }
}
