package org.deid.server.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.ObjectTooLargeException;
import org.deid.server.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object being written to S3. Bytes are collected in a bounded part buffer; the first full
 * buffer starts a multipart upload and each further one becomes a part, sent in the background
 * while the next one fills, so memory stays at two parts whatever the object's size. An object that
 * fits in one part is sent with a single PUT at commit. Nothing is visible under the key before
 * {@link #commit()}; {@link #close()} without commit aborts the multipart upload. The SHA-256 of
 * the whole object is computed while streaming; with server checksums on, every request also
 * carries the SHA-256 of its bytes for the store to verify. A writer that closes {@link #stream()}
 * before committing releases the part buffer early (the last part is sent then). Not thread-safe:
 * one writer.
 */
final class S3Upload implements ObjectStorage.PendingObject {
  private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);
  private static final int MAX_PARTS = 10_000;
  private static final int PARTS_PER_SIZE_STEP = 2_000;
  private static final int MAX_PART_SIZE = 1 << 30;

  private final S3ObjectStorage storage;
  private final String key;
  private final long maxBytes;
  private final MessageDigest whole = sha256();
  private final List<CompletedPart> parts = new ArrayList<>();
  private final OutputStream stream = new PartStream();
  private byte[] buffer;
  private byte[] spare;
  private Future<CompletedPart> inFlight;
  private int submitted;
  private int filled;
  private long total;
  private String uploadId;
  private String digest;
  private boolean finished;
  private boolean broken;
  private boolean contentEnded;

  S3Upload(S3ObjectStorage storage, String key, long maxBytes) {
    this.storage = storage;
    this.key = key;
    this.maxBytes = maxBytes;
    this.buffer = new byte[Math.min(storage.settings().partSize(), 64 * 1024)];
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  /**
   * Ends the content and returns its SHA-256; no byte may be written afterwards.
   *
   * @return lower-case hex SHA-256 of everything written
   */
  String digest() {
    if (digest == null) {
      digest = HexFormat.of().formatHex(whole.digest());
    }
    return digest;
  }

  @Override
  public StoredObject commit() throws IOException {
    if (finished || broken) {
      throw new IOException("this upload was already closed or failed; nothing was stored");
    }
    try {
      String sha256 = digest();
      String etag;
      if (uploadId == null) {
        etag = storage.putSmall(key, buffer, filled, checksum(buffer, filled));
      } else {
        if (filled > 0) {
          uploadPart();
        }
        awaitInFlight();
        etag = storage.completeMultipart(key, uploadId, parts);
      }
      finished = true;
      buffer = null;
      spare = null;
      return storage.published(key, total, sha256, etag);
    } catch (IOException | RuntimeException e) {
      broken = true;
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    buffer = null;
    spare = null;
    if (uploadId != null) {
      // a part still being sent could outlive the abort: let it end first
      awaitQuietly(inFlight);
      try {
        storage.abortMultipart(key, uploadId);
      } catch (IOException | SdkException e) {
        // the parts stay invisible; a bucket lifecycle rule for incomplete uploads removes them
        LOG.warn("could not abort an S3 multipart upload ({})", e.getClass().getSimpleName());
      }
    }
  }

  /**
   * Ends the content early (the writer closed the stream): the last part is uploaded now and the
   * buffer released, so an upload waiting for its commit holds no part in memory.
   */
  private void endContent() throws IOException {
    if (finished || broken || contentEnded) {
      return;
    }
    contentEnded = true;
    try {
      if (uploadId != null) {
        if (filled > 0) {
          uploadPart();
        }
        awaitInFlight();
        buffer = null;
        spare = null;
      } else if (filled < buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, filled);
      }
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  private void accept(byte[] bytes, int offset, int length) throws IOException {
    if (finished || broken || contentEnded || digest != null) {
      throw new IOException("this upload's content is already complete");
    }
    if (total + length > maxBytes) {
      broken = true;
      throw new ObjectTooLargeException(maxBytes);
    }
    total += length;
    whole.update(bytes, offset, length);
    int done = 0;
    while (done < length) {
      if (filled == buffer.length) {
        growOrFlush();
      }
      int n = Math.min(length - done, buffer.length - filled);
      System.arraycopy(bytes, offset + done, buffer, filled, n);
      filled += n;
      done += n;
    }
  }

  /** Grows the buffer up to the part size (small objects stay small), else uploads a part. */
  private void growOrFlush() throws IOException {
    int target = partSize();
    if (buffer.length < target) {
      byte[] bigger = new byte[(int) Math.min((long) buffer.length * 4, target)];
      System.arraycopy(buffer, 0, bigger, 0, filled);
      buffer = bigger;
      return;
    }
    try {
      if (uploadId == null) {
        uploadId = storage.startMultipart(key);
      }
      uploadPart();
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /** Parts grow every 2,000 parts so that 10,000 parts hold far more than the upload limit. */
  private int partSize() {
    long size =
        (long) storage.settings().partSize() << Math.min(submitted / PARTS_PER_SIZE_STEP, 8);
    return (int) Math.min(size, MAX_PART_SIZE);
  }

  /**
   * Hands the filled buffer to a background sender and continues with the spare buffer: one part is
   * sent while the next one fills, so reading and sending overlap with two buffers at most.
   */
  private void uploadPart() throws IOException {
    if (submitted >= MAX_PARTS) {
      throw new IOException(
          "the object needs more than " + MAX_PARTS + " S3 parts; raise the part size");
    }
    awaitInFlight(); // the spare buffer is free from here on
    int partNumber = ++submitted;
    byte[] bytes = buffer;
    int length = filled;
    inFlight = storage.inBackground(() -> sendPart(partNumber, bytes, length));
    buffer = spare != null && spare.length >= partSize() ? spare : new byte[partSize()];
    spare = bytes;
    filled = 0;
  }

  private CompletedPart sendPart(int partNumber, byte[] bytes, int length) throws IOException {
    String partChecksum = checksum(bytes, length);
    RequestBody body =
        RequestBody.fromContentProvider(
            () -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream");
    String etag = storage.uploadPart(key, uploadId, partNumber, body, partChecksum);
    CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(etag);
    if (partChecksum != null) {
      part.checksumSHA256(partChecksum);
    }
    return part.build();
  }

  /** Waits for the part being sent and records it; its failure fails the upload. */
  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    Future<CompletedPart> pending = inFlight;
    inFlight = null;
    try {
      parts.add(pending.get());
    } catch (ExecutionException e) {
      broken = true;
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("sending a part failed", cause);
    } catch (InterruptedException e) {
      broken = true;
      inFlight = pending;
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a part was being sent");
    }
  }

  /** Waits for a background send to end, whatever its outcome, keeping any interrupt. */
  private static void awaitQuietly(Future<?> pending) {
    if (pending == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        pending.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Base64 SHA-256 of a request's bytes when server checksums are on, else null. */
  private String checksum(byte[] bytes, int length) {
    if (!storage.settings().serverChecksums()) {
      return null;
    }
    MessageDigest part = sha256();
    part.update(bytes, 0, length);
    return Base64.getEncoder().encodeToString(part.digest());
  }

  static ChecksumAlgorithm algorithm(S3Settings settings) {
    return settings.serverChecksums() ? ChecksumAlgorithm.SHA256 : null;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The stream handed to writers; closing it ends the content but does not commit. */
  private final class PartStream extends OutputStream {
    private final byte[] one = new byte[1];

    @Override
    public void write(int b) throws IOException {
      one[0] = (byte) b;
      accept(one, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
      accept(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      endContent();
    }
  }
}
