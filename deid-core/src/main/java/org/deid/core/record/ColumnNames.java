package org.deid.core.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Validates header names and generates names for headerless files. */
final class ColumnNames {
  private ColumnNames() {}

  /**
   * Checks that names are non-blank and distinct.
   *
   * @throws RecordFormatException naming the column position (1-based), never the name
   */
  static List<String> validated(String[] names, String source, long line)
      throws RecordFormatException {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      if (name.isBlank()) {
        throw new RecordFormatException(
            source,
            line,
            "blank_column_name",
            String.format(Locale.ROOT, "column %d of the header has a blank name", i + 1));
      }
      Integer previous = seen.putIfAbsent(name, i + 1);
      if (previous != null) {
        throw new RecordFormatException(
            source,
            line,
            "duplicate_column_name",
            String.format(
                Locale.ROOT,
                "columns %d and %d of the header have the same name",
                previous,
                i + 1));
      }
    }
    return List.of(names);
  }

  /**
   * @return {@code col_1 .. col_n}
   */
  static List<String> generated(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      names.add("col_" + i);
    }
    return List.copyOf(names);
  }
}
