package org.deid.core.inspect;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the first record is a header: all its fields must be non-blank, distinct and free
 * of digits-only or date-like text; and then either a field is a known column name, the sample has
 * no other row, or in some column the first field's shape differs from every other row's shape in
 * that column.
 */
final class HeaderGuess {
  private HeaderGuess() {}

  static boolean looksLikeHeader(List<String[]> records) {
    if (records.isEmpty()) {
      return false;
    }
    String[] first = records.get(0);
    Set<String> seen = new HashSet<>();
    for (String field : first) {
      String name = field.strip();
      if (name.isEmpty() || !seen.add(name) || !hasLetter(name)) {
        return false;
      }
    }
    for (String field : first) {
      if (ColumnNameRoles.isKnown(field)) {
        return true;
      }
    }
    if (records.size() == 1) {
      return true;
    }
    for (int column = 0; column < first.length; column++) {
      if (shapeDiffersFromRest(records, column)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLetter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isLetter(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean shapeDiffersFromRest(List<String[]> records, int column) {
    String head = ValueShape.of(records.get(0)[column].strip());
    int compared = 0;
    for (String[] row : records.subList(1, records.size())) {
      if (column >= row.length || row[column].isBlank()) {
        continue;
      }
      compared++;
      if (ValueShape.of(row[column].strip()).equals(head)) {
        return false;
      }
    }
    return compared > 0;
  }
}
