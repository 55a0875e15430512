package org.deid.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a synthetic patient file: {@code GenerateSample ROWS SEED OUT [--clean]}. Used to make
 * {@code examples/patients.csv} and benchmark inputs.
 */
public final class GenerateSample {
  private GenerateSample() {}

  /**
   * Entry point.
   *
   * @param args rows, seed, output path, and optionally {@code --clean}
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: GenerateSample ROWS SEED OUT [--clean]");
      System.exit(2);
    }
    long rows = Long.parseLong(args[0]);
    long seed = Long.parseLong(args[1]);
    Path out = Path.of(args[2]);
    boolean clean = args.length > 3 && args[3].equals("--clean");
    write(rows, seed, clean, out);
  }

  /**
   * Writes a sample file atomically.
   *
   * @param rows number of records
   * @param seed random seed
   * @param clean true for all-valid identifying values
   * @param out target file
   * @throws IOException if writing fails
   */
  public static void write(long rows, long seed, boolean clean, Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".sample-", ".tmp");
    try (Writer writer =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16)) {
      new SyntheticPatients(seed, clean).writeCsv(writer, rows);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
