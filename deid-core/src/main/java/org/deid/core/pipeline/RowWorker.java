package org.deid.core.pipeline;

import org.deid.core.record.ReadResult;

/**
 * Turns input rows into encoded output text. The pipeline creates one worker per thread and never
 * shares it, so a worker may keep mutable state (reusable buffers, counters) without locking; the
 * pipeline merges the counters of all workers at the end.
 */
public interface RowWorker {
  /**
   * Handles one well-formed input row.
   *
   * @param row the row (line number and raw fields)
   * @param out where to append the encoded output for this row (zero or more lines)
   */
  void handle(ReadResult.Row row, StringBuilder out);
}
