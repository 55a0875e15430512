package org.deid.core.pipeline;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shuffles output rows with a seed in bounded memory: rows are spread over bucket files by a seeded
 * random choice, then each bucket is shuffled in memory and written out. The same rows and seed
 * give the same order, whatever the thread count. Memory holds one bucket at a time (about 1/128 of
 * the output). Bucket files hold de-identified output only, are created with mode 0600 and are
 * deleted by {@link #finish()} or {@link #close()} (or at JVM shutdown, see {@link TempFiles}).
 */
public final class ShuffleSink implements OutputSink, Closeable {
  private static final int BUCKETS = 128;

  private final OutputStream out;
  private final SplittableRandom random;
  private final Path[] files = new Path[BUCKETS];
  private final DataOutputStream[] buckets = new DataOutputStream[BUCKETS];

  /**
   * Creates the sink.
   *
   * @param out the final output stream (flushed, never closed)
   * @param seed the shuffle seed
   * @param tempDir where bucket files go
   * @throws IOException if bucket files cannot be created
   */
  public ShuffleSink(OutputStream out, long seed, Path tempDir) throws IOException {
    this.out = out;
    this.random = new SplittableRandom(seed);
    try {
      for (int i = 0; i < BUCKETS; i++) {
        files[i] = createPrivateTempFile(tempDir);
        buckets[i] =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(files[i]), 32768));
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  @Override
  public void write(EncodedChunk chunk) throws IOException {
    List<byte[]> rows = chunk.perRow() ? chunk.rowBytes() : List.of(chunk.bytes());
    for (byte[] row : rows) {
      DataOutputStream bucket = buckets[random.nextInt(BUCKETS)];
      bucket.writeInt(row.length);
      bucket.write(row);
    }
  }

  @Override
  public void finish() throws IOException {
    for (DataOutputStream bucket : buckets) {
      bucket.close();
    }
    for (int i = 0; i < BUCKETS; i++) {
      List<byte[]> rows = readBucket(files[i]);
      for (int j = rows.size() - 1; j > 0; j--) {
        int k = random.nextInt(j + 1);
        byte[] swap = rows.get(j);
        rows.set(j, rows.get(k));
        rows.set(k, swap);
      }
      for (byte[] row : rows) {
        out.write(row);
      }
      Files.deleteIfExists(files[i]);
      TempFiles.forget(files[i]);
    }
    out.flush();
  }

  @Override
  public void close() {
    for (int i = 0; i < BUCKETS; i++) {
      try {
        if (buckets[i] != null) {
          buckets[i].close();
        }
      } catch (IOException ignored) {
        // Best effort: the file is deleted next.
      }
      try {
        if (files[i] != null) {
          Files.deleteIfExists(files[i]);
          TempFiles.forget(files[i]);
        }
      } catch (IOException ignored) {
        // Nothing more can be done; the directory is the caller's temp directory.
      }
    }
  }

  private static List<byte[]> readBucket(Path file) throws IOException {
    List<byte[]> rows = new ArrayList<>();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 65536))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          return rows;
        }
        byte[] row = new byte[length];
        in.readFully(row);
        rows.add(row);
      }
    }
  }

  private static Path createPrivateTempFile(Path dir) throws IOException {
    try {
      return TempFiles.register(
          Files.createTempFile(
              dir,
              ".deid-shuffle-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
    } catch (UnsupportedOperationException notPosix) {
      return TempFiles.register(Files.createTempFile(dir, ".deid-shuffle-", ".tmp"));
    }
  }
}
