package org.deid.core.policy;

import java.util.List;

/** Record formats and the delimiter each implies. */
final class FormatDefaults {
  static final List<String> FORMATS = List.of("csv", "tsv", "psv", "ndjson");

  private FormatDefaults() {}

  static char delimiter(String format) {
    switch (format) {
      case "tsv":
        return '\t';
      case "psv":
        return '|';
      default:
        return ',';
    }
  }

  static boolean isDelimited(String format) {
    return !"ndjson".equals(format);
  }
}
