package org.deid.server.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.EngineConfigException;

/**
 * Another engine with its input slowed down to a pause per line, so a test can stop a worker in the
 * middle of a job. The output is exactly the other engine's.
 */
public final class ThrottledEngine implements DeidEngine {
  private final DeidEngine engine;
  private final long millisPerLine;

  /**
   * Wraps an engine.
   *
   * @param engine the real engine
   * @param millisPerLine the pause before each input line is handed over
   */
  public ThrottledEngine(DeidEngine engine, long millisPerLine) {
    this.engine = engine;
    this.millisPerLine = millisPerLine;
  }

  @Override
  public String checkPolicy(byte[] policy) throws EngineConfigException {
    return engine.checkPolicy(policy);
  }

  @Override
  public String checkKeys(byte[] keys) throws EngineConfigException {
    return engine.checkKeys(keys);
  }

  @Override
  public PreparedRun prepare(byte[] policy, byte[] keys) throws EngineConfigException {
    PreparedRun run = engine.prepare(policy, keys);
    return (name, input, output, rowsDone) ->
        run.run(name, () -> new LineByLine(input.open(), millisPerLine), output, rowsDone);
  }

  /** Hands over at most one line per read, after a pause. */
  private static final class LineByLine extends FilterInputStream {
    private final long pause;

    LineByLine(InputStream in, long pause) {
      super(in);
      this.pause = pause;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      int n = 0;
      while (n < len) {
        int c = in.read();
        if (c < 0) {
          return n == 0 ? -1 : n;
        }
        b[off + n++] = (byte) c;
        if (c == '\n') {
          break;
        }
      }
      return n;
    }

    /** Nothing is ready without a pause (readers that fill while bytes are ready see one line). */
    @Override
    public int available() {
      return 0;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }
}
