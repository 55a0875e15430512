package org.deid.cli.common;

import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.pipeline.PipelineOptions;
import picocli.CommandLine.Option;

/** The {@code --threads N} option of the commands that run the parallel pipeline. */
public final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: all cores). The output does not depend on it.")
  Integer threads;

  /**
   * Returns the default pipeline options with this thread count.
   *
   * @return the options
   * @throws CliFailure with {@link ExitCodes#USAGE} when N is below 1
   */
  public PipelineOptions pipelineOptions() {
    if (threads == null) {
      return PipelineOptions.defaults();
    }
    if (threads < 1) {
      throw new CliFailure(ExitCodes.USAGE, "--threads must be at least 1");
    }
    return PipelineOptions.defaults().withThreads(threads);
  }
}
