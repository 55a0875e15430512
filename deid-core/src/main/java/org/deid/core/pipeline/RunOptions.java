package org.deid.core.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.LongConsumer;

/**
 * Options of one de-identification run.
 *
 * @param pipeline threads, chunking, reject strategy, shuffle and progress
 * @param clock for the report's timestamps (never for data)
 * @param tempDir where shuffle buckets go
 * @param toolVersion the version recorded in the report
 */
public record RunOptions(PipelineOptions pipeline, Clock clock, Path tempDir, String toolVersion) {
  /**
   * Returns the defaults: {@link PipelineOptions#defaults()}, UTC system clock, the JVM temp
   * directory and the core's own version.
   *
   * @return default options
   */
  public static RunOptions defaults() {
    String version = RunOptions.class.getPackage().getImplementationVersion();
    return new RunOptions(
        PipelineOptions.defaults(),
        Clock.systemUTC(),
        Path.of(System.getProperty("java.io.tmpdir")),
        version == null ? "dev" : version);
  }

  /**
   * Returns a copy with other pipeline options.
   *
   * @param value pipeline options
   * @return new options
   */
  public RunOptions withPipeline(PipelineOptions value) {
    return new RunOptions(value, clock, tempDir, toolVersion);
  }

  /**
   * Returns a copy that reports progress as rows done.
   *
   * @param rowsDone receives the number of input records handled so far
   * @return new options
   */
  public RunOptions withProgress(LongConsumer rowsDone) {
    return withPipeline(pipeline.withProgress((rows, bytes) -> rowsDone.accept(rows)));
  }

  /**
   * Returns a copy with another clock.
   *
   * @param value the clock
   * @return new options
   */
  public RunOptions withClock(Clock value) {
    return new RunOptions(pipeline, value, tempDir, toolVersion);
  }

  /**
   * Returns a copy with another temp directory.
   *
   * @param value the directory
   * @return new options
   */
  public RunOptions withTempDir(Path value) {
    return new RunOptions(pipeline, clock, value, toolVersion);
  }

  /**
   * Returns a copy with another tool version.
   *
   * @param value the version
   * @return new options
   */
  public RunOptions withToolVersion(String value) {
    return new RunOptions(pipeline, clock, tempDir, value);
  }
}
