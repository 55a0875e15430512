package org.deid.core.pipeline;

import java.util.OptionalLong;

/**
 * How the parallel pipeline runs. Immutable; use the {@code with} methods.
 *
 * @param threads worker threads (at least 1); output does not depend on it
 * @param chunkSize rows per unit of parallel work (at least 1); output does not depend on it
 * @param failOnMalformed true to stop at the first malformed record instead of rejecting it
 * @param maxRejects the run fails when more records than this are rejected; negative = no limit
 * @param shuffleSeed when present, output rows are shuffled with this seed (deterministic)
 * @param progress receives progress after each chunk
 */
public record PipelineOptions(
    int threads,
    int chunkSize,
    boolean failOnMalformed,
    long maxRejects,
    OptionalLong shuffleSeed,
    ProgressListener progress) {

  /** Validates the options. */
  public PipelineOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1");
    }
  }

  /**
   * Returns the defaults: one thread per core, chunks of 1,024 rows, reject malformed rows, no
   * reject limit, input order, no progress.
   *
   * @return default options
   */
  public static PipelineOptions defaults() {
    return new PipelineOptions(
        Runtime.getRuntime().availableProcessors(),
        1024,
        false,
        -1,
        OptionalLong.empty(),
        ProgressListener.NONE);
  }

  /**
   * Returns a copy with another thread count.
   *
   * @param value worker threads
   * @return new options
   */
  public PipelineOptions withThreads(int value) {
    return new PipelineOptions(
        value, chunkSize, failOnMalformed, maxRejects, shuffleSeed, progress);
  }

  /**
   * Returns a copy with another chunk size.
   *
   * @param value rows per chunk
   * @return new options
   */
  public PipelineOptions withChunkSize(int value) {
    return new PipelineOptions(threads, value, failOnMalformed, maxRejects, shuffleSeed, progress);
  }

  /**
   * Returns a copy with another malformed-row strategy.
   *
   * @param value true to fail the run at the first malformed record
   * @return new options
   */
  public PipelineOptions withFailOnMalformed(boolean value) {
    return new PipelineOptions(threads, chunkSize, value, maxRejects, shuffleSeed, progress);
  }

  /**
   * Returns a copy with another reject limit.
   *
   * @param value maximum rejected records; negative for no limit
   * @return new options
   */
  public PipelineOptions withMaxRejects(long value) {
    return new PipelineOptions(threads, chunkSize, failOnMalformed, value, shuffleSeed, progress);
  }

  /**
   * Returns a copy that shuffles output rows.
   *
   * @param seed shuffle seed
   * @return new options
   */
  public PipelineOptions withShuffleSeed(long seed) {
    return new PipelineOptions(
        threads, chunkSize, failOnMalformed, maxRejects, OptionalLong.of(seed), progress);
  }

  /**
   * Returns a copy with a progress listener.
   *
   * @param value the listener
   * @return new options
   */
  public PipelineOptions withProgress(ProgressListener value) {
    return new PipelineOptions(threads, chunkSize, failOnMalformed, maxRejects, shuffleSeed, value);
  }
}
