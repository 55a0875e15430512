package org.deid.core.pipeline;

import java.io.IOException;

/** Receives encoded chunks in input order. */
public interface OutputSink {
  /**
   * Writes one chunk.
   *
   * @param chunk the encoded rows
   * @throws IOException if writing fails
   */
  void write(EncodedChunk chunk) throws IOException;

  /**
   * Called once after the last chunk; flushes (but does not close the underlying stream).
   *
   * @throws IOException if writing fails
   */
  void finish() throws IOException;
}
