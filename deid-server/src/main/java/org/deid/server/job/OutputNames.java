package org.deid.server.job;

import java.util.Locale;

/**
 * Names outputs as the CLI does: input {@code inbox/patients.csv} with prefix {@code out/} gives
 * {@code out/patients.csv} and {@code out/patients.report.json}; {@code .csv.gz} keeps its
 * extension for the output and drops it for the report. Kept in the job package (the core is
 * reached only through the worker's engine); a test holds it equal to the core's {@code
 * OutputNames}.
 */
public final class OutputNames {
  private OutputNames() {}

  /**
   * Normalizes an output prefix to a folder: empty, or ending with {@code /}.
   *
   * @param prefix the requested prefix
   * @return the folder prefix
   */
  public static String folder(String prefix) {
    return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /**
   * Returns the output key of an input.
   *
   * @param input the input key
   * @param folder the output folder (from {@link #folder})
   * @return the output key
   */
  public static String output(String input, String folder) {
    return folder + fileName(input);
  }

  /**
   * Returns the report key of an input.
   *
   * @param input the input key
   * @param folder the output folder (from {@link #folder})
   * @return the report key
   */
  public static String report(String input, String folder) {
    return folder + baseName(fileName(input)) + ".report.json";
  }

  private static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  private static String baseName(String fileName) {
    String name =
        fileName.toLowerCase(Locale.ROOT).endsWith(".gz")
            ? fileName.substring(0, fileName.length() - 3)
            : fileName;
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
