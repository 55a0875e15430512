package org.deid.server.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
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
 */
final class UploadChannel implements SeekableByteChannel {
  private final ClientSpace space;
  private final String key;
  private final long maxBytes;
  private final SessionInfo session;
  private final TransferListener listener;
  private final ObjectStorage.PendingObject pending;
  private final long started = System.nanoTime();
  private long written;
  private boolean closedByClient;
  private boolean failed;
  private int failure = 500;
  private boolean open = true;

  private UploadChannel(
      ClientSpace space,
      String key,
      long maxBytes,
      SessionInfo session,
      TransferListener listener,
      ObjectStorage.PendingObject pending) {
    this.space = space;
    this.key = key;
    this.maxBytes = maxBytes;
    this.session = session;
    this.listener = listener;
    this.pending = pending;
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
    UploadChannel channel = new UploadChannel(space, key, maxBytes, session, listener, pending);
    if (base.isPresent()) {
      try (InputStream in = space.open(base.get())) {
        long[] copied = new long[1];
        uninterrupted(() -> copied[0] = in.transferTo(pending.stream()));
        channel.written = copied[0];
      } catch (IOException | RuntimeException e) {
        pending.close();
        throw e;
      }
    }
    return channel;
  }

  /** Marks that the client itself closed the file: the upload is complete. */
  void closedByClient() {
    closedByClient = true;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    int n = src.remaining();
    if (written + n > maxBytes) {
      failed = true;
      failure = 413;
      throw new IOException("the file is larger than the upload limit of " + maxBytes + " bytes");
    }
    byte[] bytes = new byte[n];
    src.get(bytes);
    try {
      uninterrupted(() -> pending.stream().write(bytes));
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
    written += n;
    return n;
  }

  private interface StorageWork {
    void run() throws IOException;
  }

  /**
   * Runs storage I/O with the thread's interrupt flag cleared, then restores it. The SFTP subsystem
   * interrupts its thread when a session ends, while it still writes queued data and closes
   * handles; interruptible channels would otherwise close under the upload.
   */
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
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (failed) {
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

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
