package org.deid.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deid.core.key.SecretBytes;
import org.deid.core.opentoken.OpenTokenMetadata;
import org.deid.core.opentoken.OpenTokenizer;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import org.deid.core.token.OpenTokenHashScheme;

/**
 * End-to-end benchmark of {@code deid opentoken tokenize --hash-only}: N synthetic rows in
 * OpenToken's column layout, every attribute valid, fixed seed; prints rows/s, CPU seconds and peak
 * RSS. Usage: {@code OpenTokenEndToEnd [ROWS] [THREADS] [REPEATS]}; with REPEATS above 1 the same
 * input runs again, one line per run (on a shared machine compare the lowest CPU per row).
 */
public final class OpenTokenEndToEnd {
  private OpenTokenEndToEnd() {}

  /**
   * Entry point.
   *
   * @param args rows and threads
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int threads =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path dir = Files.createTempDirectory("deid-ot-bench-");
    Path input = dir.resolve("people.csv");
    Path output = dir.resolve("tokens.csv");
    try {
      writeInput(input, rows);
      OpenTokenizer tokenizer =
          new OpenTokenizer(
              new OpenTokenHashScheme(
                  SecretBytes.copyOf("HashingKey".getBytes(StandardCharsets.UTF_8))),
              false,
              Map.of());
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      for (int round = 0; round < repeats; round++) {
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        OpenTokenMetadata metadata;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
          metadata =
              tokenizer.run(
                  RunInput.of("people.csv", () -> Files.newInputStream(input)),
                  out,
                  PipelineOptions.defaults().withThreads(threads),
                  LocalDate.now(ZoneOffset.UTC),
                  "bench",
                  "-",
                  Optional.empty());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "opentoken hash-only: rows=%d threads=%d seconds=%.2f rows_per_s=%.0f cpu_s=%.2f"
                + " cpu_us_per_row=%.2f input_mb=%.1f output_mb=%.1f peak_rss_mb=%d invalid=%d%n",
            metadata.totalRows(),
            threads,
            seconds,
            metadata.totalRows() / seconds,
            cpu,
            cpu * 1e6 / metadata.totalRows(),
            Files.size(input) / 1e6,
            Files.size(output) / 1e6,
            EndToEnd.peakRssMb(),
            metadata.rowsWithInvalidAttributes());
      }
    } finally {
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
      Files.deleteIfExists(dir);
    }
  }

  private static void writeInput(Path file, long rows) throws Exception {
    SyntheticPatients patients = new SyntheticPatients(42L, true);
    try (Writer out =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      out.write("RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\n");
      for (long i = 0; i < rows; i++) {
        String[] p = patients.next();
        String sex = p[4].equals("M") ? "Male" : "Female";
        out.write(
            p[0]
                + ","
                + ascii(p[1])
                + ","
                + ascii(p[2])
                + ","
                + p[3]
                + ","
                + sex
                + ","
                + p[9]
                + ","
                + p[5]
                + "\n");
      }
    }
  }

  private static String ascii(String name) {
    // Keep the generator's names but make them safe for an unquoted CSV field.
    return name.replace(",", "");
  }
}
