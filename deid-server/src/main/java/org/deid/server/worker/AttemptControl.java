package org.deid.server.worker;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shared state of one running attempt: progress counted by the engine, and a stop flag set by the
 * heartbeat. Stopping is cooperative: the attempt's streams throw {@link AttemptStoppedException}
 * at their next read or write, so the engine unwinds through its normal error path.
 */
final class AttemptControl {
  private final AtomicReference<StopReason> stop = new AtomicReference<>();
  private final Instant startedAt;

  AttemptControl(Instant startedAt) {
    this.startedAt = startedAt;
  }

  Instant startedAt() {
    return startedAt;
  }

  private final AtomicLong rowsBefore = new AtomicLong();
  private final AtomicLong rowsCurrent = new AtomicLong();

  void stop(StopReason reason) {
    stop.compareAndSet(null, reason);
  }

  Optional<StopReason> stopReason() {
    return Optional.ofNullable(stop.get());
  }

  void check() throws AttemptStoppedException {
    if (stop.get() != null) {
      throw new AttemptStoppedException();
    }
  }

  void progress(long rowsInCurrentInput) {
    rowsCurrent.set(rowsInCurrentInput);
  }

  void inputDone(long rows) {
    rowsBefore.addAndGet(rows);
    rowsCurrent.set(0);
  }

  long rowsDone() {
    return rowsBefore.get() + rowsCurrent.get();
  }

  InputStream guard(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        check();
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
      }
    };
  }

  OutputStream guard(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        check();
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check();
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
