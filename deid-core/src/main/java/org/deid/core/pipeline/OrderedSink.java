package org.deid.core.pipeline;

import java.io.IOException;
import java.io.OutputStream;

/** Writes chunks to a stream in the order received (input order). */
public final class OrderedSink implements OutputSink {
  private final OutputStream out;

  /**
   * Creates the sink.
   *
   * @param out the output stream; flushed by {@link #finish()}, never closed
   */
  public OrderedSink(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(EncodedChunk chunk) throws IOException {
    if (chunk.perRow()) {
      for (byte[] row : chunk.rowBytes()) {
        out.write(row);
      }
    } else {
      out.write(chunk.bytes());
    }
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }
}
