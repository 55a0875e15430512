package org.deid.server.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;

/**
 * Receives one SFTP upload into the object storage. The bytes stream into a pending object (never
 * whole in memory); writes must be sequential, which is what SFTP clients send. What happens at the
 * end depends on how the upload ends:
 *
 * <ul>
 *   <li>the client closed the file ({@code SSH_FXP_CLOSE}): the object is published under the
 *       client's key and the upload counts as complete;
 *   <li>the connection ended first: what arrived is kept as the path's partial upload, visible to
 *       SFTP only, so {@code reput} can resume it; HTTP and the inbox do not see it;
 *   <li>a write failed (size limit, storage error): nothing is kept.
 * </ul>
 *
 * An upload opened without truncation (append, resume) starts with the path's partial upload, or
 * else its complete file, copied into the new object.
 *
 * <p>The storage is written by a thread of the upload's own, through a short queue: the SFTP
 * subsystem interrupts its thread when a session ends, while queued writes and the closing of
 * handles still run on it, and storage I/O (interruptible channels, S3 part uploads) must not be
 * cut by that interrupt, or what did arrive could not be kept.
 */
final class UploadChannel implements SeekableByteChannel {
  private static final byte[] END = new byte[0];

  private final ClientSpace space;
  private final String key;
  private final long maxBytes;
  private final SessionInfo session;
  private final TransferListener listener;
  private final ObjectStorage.PendingObject pending;
  private final Optional<ClientSpace.Entry> base;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private final Thread writer;
  private final long started = System.nanoTime();
  private volatile IOException writeError;
  private long written;
  private volatile boolean closedByClient;
  private boolean failed;
  private int failure = 500;
  private boolean open = true;

  private UploadChannel(
      ClientSpace space,
      String key,
      Optional<ClientSpace.Entry> base,
      long maxBytes,
      SessionInfo session,
      TransferListener listener,
      ObjectStorage.PendingObject pending) {
    this.space = space;
    this.key = key;
    this.base = base;
    this.maxBytes = maxBytes;
    this.session = session;
    this.listener = listener;
    this.pending = pending;
    this.written = base.map(ClientSpace.Entry::size).orElse(0L);
    this.writer = new Thread(this::writeAll, "deid-sftp-upload");
    this.writer.setDaemon(true);
  }

  static UploadChannel start(
      ClientSpace space,
      String key,
      Optional<ClientSpace.Entry> base,
      long maxBytes,
      SessionInfo session,
      TransferListener listener)
      throws IOException {
    ObjectStorage.PendingObject pending = space.createPartial(key);
    UploadChannel channel =
        new UploadChannel(space, key, base, maxBytes, session, listener, pending);
    channel.writer.start();
    return channel;
  }

  private void writeAll() {
    try {
      if (base.isPresent()) {
        try (InputStream in = space.open(base.get())) {
          in.transferTo(pending.stream());
        }
      }
      while (true) {
        byte[] bytes = queue.take();
        if (bytes == END) {
          return;
        }
        if (writeError == null) {
          pending.stream().write(bytes);
        }
      }
    } catch (IOException e) {
      writeError = e;
      drain();
    } catch (RuntimeException e) {
      writeError = new IOException("the storage refused the upload", e);
      drain();
    } catch (InterruptedException e) {
      writeError = new IOException("the upload was stopped");
    }
  }

  private void drain() {
    try {
      while (queue.take() != END) {
        // discard: the upload already failed
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Marks that the client itself closed the file: the upload is complete. */
  void closedByClient() {
    closedByClient = true;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    if (writeError != null) {
      failed = true;
      throw writeError;
    }
    int n = src.remaining();
    if (written + n > maxBytes) {
      failed = true;
      failure = 413;
      throw new IOException("the file is larger than the upload limit of " + maxBytes + " bytes");
    }
    byte[] bytes = new byte[n];
    src.get(bytes);
    enqueue(bytes);
    written += n;
    return n;
  }

  /** Hands bytes to the writer, even if this thread is interrupted meanwhile (flag restored). */
  private void enqueue(byte[] bytes) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(bytes);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitWriter() {
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public long position() {
    return written;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    if (newPosition != written) {
      failed = true;
      failure = 400;
      throw new IOException(
          "this server accepts sequential writes only (expected offset "
              + written
              + ", got "
              + newPosition
              + ")");
    }
    return this;
  }

  @Override
  public long size() {
    return written;
  }

  @Override
  public int read(ByteBuffer dst) {
    throw new NonReadableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    if (size != written) {
      throw new IOException("truncating an upload in progress is not supported");
    }
    return this;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (!open) {
      return;
    }
    open = false;
    enqueue(END);
    awaitWriter();
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (failed || writeError != null) {
      pending.close();
      listener.uploadFailed(session, failure, millis);
      return;
    }
    if (closedByClient) {
      StoredObject[] file = new StoredObject[1];
      try {
        uninterrupted(
            () -> {
              pending.commit();
              file[0] = space.promote(key);
            });
      } catch (IOException | RuntimeException e) {
        pending.close();
        listener.uploadFailed(session, 500, millis);
        throw e;
      }
      listener.uploaded(session, file[0], millis);
      return;
    }
    if (written == 0) {
      pending.close();
      return;
    }
    try {
      uninterrupted(pending::commit);
    } finally {
      pending.close();
    }
    listener.interrupted(session, key, written, millis);
  }

  private interface StorageWork {
    void run() throws IOException;
  }

  /** Runs storage I/O with the thread's interrupt flag cleared, then restores it. */
  private static void uninterrupted(StorageWork work) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      work.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
