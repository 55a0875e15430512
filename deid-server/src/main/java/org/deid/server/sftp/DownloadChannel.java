package org.deid.server.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Reads one stored file for SFTP. Sequential reads (what SFTP clients send) stream from one open
 * object; a jump forward skips, a jump back reopens the object and skips to the position.
 */
final class DownloadChannel implements SeekableByteChannel {
  private static final long SKIP_LIMIT = 4L << 20;

  private final ClientSpace space;
  private final ClientSpace.Entry entry;
  private final SessionInfo session;
  private final TransferListener listener;
  private final long started = System.nanoTime();
  private InputStream in;
  private long streamPosition;
  private long position;
  private long bytesRead;
  private boolean open = true;

  DownloadChannel(
      ClientSpace space, ClientSpace.Entry entry, SessionInfo session, TransferListener listener) {
    this.space = space;
    this.entry = entry;
    this.session = session;
    this.listener = listener;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= entry.size()) {
      return -1;
    }
    seek();
    int wanted = (int) Math.min(dst.remaining(), entry.size() - position);
    byte[] buffer = new byte[wanted];
    int n = in.read(buffer, 0, wanted);
    if (n < 0) {
      return -1;
    }
    dst.put(buffer, 0, n);
    position += n;
    streamPosition += n;
    bytesRead += n;
    return n;
  }

  private void seek() throws IOException {
    if (in != null && position >= streamPosition && position - streamPosition <= SKIP_LIMIT) {
      in.skipNBytes(position - streamPosition);
      streamPosition = position;
      return;
    }
    if (in != null) {
      in.close();
    }
    in = space.open(entry);
    in.skipNBytes(position);
    streamPosition = position;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return entry.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
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
    if (in != null) {
      in.close();
    }
    listener.downloaded(session, bytesRead, (System.nanoTime() - started) / 1_000_000);
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
