package org.deid.core.pipeline;

/** Receives progress from a running pipeline, on the thread that reads the input. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (rows, bytes) -> {};

  /**
   * Called after each chunk of rows has been written.
   *
   * @param rowsDone input records handled so far (written or rejected)
   * @param bytesRead raw input bytes consumed so far
   */
  void progress(long rowsDone, long bytesRead);
}
