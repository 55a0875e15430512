package org.deid.core.pipeline;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Names outputs after their inputs: {@code NAME.csv} gives {@code NAME.csv} and {@code
 * NAME.report.json}; {@code NAME.csv.gz} gives {@code NAME.csv.gz} and {@code NAME.report.json}.
 * The service names job outputs the same way.
 */
public final class OutputNames {
  private OutputNames() {}

  /**
   * Returns the report file name for an output file name.
   *
   * @param outputFileName for example {@code patients.csv.gz}
   * @return for example {@code patients.report.json}
   */
  public static String reportName(String outputFileName) {
    return stem(outputFileName) + ".report.json";
  }

  /**
   * Returns the name without its data and compression extensions.
   *
   * @param fileName a file name
   * @return the stem, for example {@code patients}
   */
  public static String stem(String fileName) {
    String name = fileName;
    if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /**
   * Tells whether a file name asks for gzip compression.
   *
   * @param path the file
   * @return true when it ends in {@code .gz}
   */
  public static boolean isGzip(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
