package org.deid.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary files of runs in progress (partial outputs, shuffle buckets), deleted when the JVM
 * shuts down before the run could delete them itself: on {@code SIGINT} (Ctrl-C) or {@code SIGTERM}
 * a run leaves no partial file behind. A file is registered when created and forgotten once it is
 * renamed or deleted, so a long-running process holds only the files of its current runs. A JVM
 * that is killed with {@code SIGKILL} runs no hook; the files keep their hidden temporary names.
 * Thread-safe.
 */
public final class TempFiles {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "deid-temp-cleanup"));
  }

  private TempFiles() {}

  /**
   * Registers a temporary file for deletion at shutdown.
   *
   * @param file the file just created
   * @return the file
   */
  public static Path register(Path file) {
    LIVE.add(file.toAbsolutePath());
    return file;
  }

  /**
   * Forgets a file that was renamed into place or deleted.
   *
   * @param file a registered file
   */
  public static void forget(Path file) {
    LIVE.remove(file.toAbsolutePath());
  }

  private static void deleteAll() {
    for (Path file : LIVE) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // The JVM is going down: nothing more can be done, and the name is a hidden temp name.
      }
    }
  }
}
