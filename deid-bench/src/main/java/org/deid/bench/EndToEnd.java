package org.deid.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import org.deid.core.pipeline.RunOptions;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyLoader;
import org.deid.core.report.RunReport;

/**
 * End-to-end benchmark of {@code deid tokenize}'s engine: generates N synthetic rows with a fixed
 * seed, de-identifies them with a policy (five deid-v1 tokens and the Safe Harbor transforms by
 * default) and prints rows/s, CPU seconds and peak RSS.
 *
 * <p>Usage: {@code EndToEnd [ROWS] [POLICY] [THREADS] [REPEATS]} (defaults: 1000000,
 * examples/safe-harbor.yaml, all cores, 1). With REPEATS above 1 the same input runs again and each
 * run prints its own line: on a shared machine compare the lowest CPU per row.
 */
public final class EndToEnd {
  private EndToEnd() {}

  /**
   * Entry point.
   *
   * @param args rows, policy path, threads
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path policyPath = Path.of(args.length > 1 ? args[1] : "examples/safe-harbor.yaml");
    int threads =
        args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Path dir = Files.createTempDirectory("deid-bench-");
    Path input = dir.resolve("patients.csv");
    Path output = dir.resolve("out.csv");
    try {
      GenerateSample.write(rows, 20261203L, false, input);
      Policy policy = PolicyLoader.load(policyPath);
      Deidentifier engine = Deidentifier.create(policy, KeyMaterial.generate(new SecureRandom()));
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      for (int round = 0; round < repeats; round++) {
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        RunReport report;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
          report =
              engine.run(
                  RunInput.of("patients.csv", () -> Files.newInputStream(input)),
                  out,
                  RunOptions.defaults()
                      .withPipeline(PipelineOptions.defaults().withThreads(threads)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "rows=%d threads=%d seconds=%.2f rows_per_s=%.0f cpu_s=%.2f cpu_us_per_row=%.2f"
                + " input_mb=%.1f peak_rss_mb=%d rejected=%d%n",
            report.rowsRead(),
            threads,
            seconds,
            report.rowsRead() / seconds,
            cpu,
            cpu * 1e6 / report.rowsRead(),
            Files.size(input) / 1e6,
            peakRssMb(),
            report.rowsRejected());
      }
    } finally {
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
      Files.deleteIfExists(dir);
    }
  }

  /** Peak resident set size of this process (Linux), in MB; -1 elsewhere. */
  static long peakRssMb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        String kb = line.substring(6).trim().split("\\s+")[0];
        return Long.parseLong(kb) / 1024;
      }
    }
    return -1;
  }
}
