package org.deid.core.record;

import java.util.List;

/**
 * Writes each row as one JSON object keyed by the columns, every value a JSON string. Key prefixes
 * are escaped once at construction. Stateless after construction and thread-safe.
 */
final class NdjsonRowEncoder implements RowEncoder {
  private final String[] prefixes;
  private final String lineSeparator;

  NdjsonRowEncoder(List<String> columns, String lineSeparator) {
    this.lineSeparator = lineSeparator;
    this.prefixes = new String[columns.size()];
    for (int i = 0; i < prefixes.length; i++) {
      StringBuilder prefix = new StringBuilder(i == 0 ? "{" : ",");
      JsonStrings.appendQuoted(columns.get(i), prefix);
      prefixes[i] = prefix.append(':').toString();
    }
  }

  @Override
  public void encodeHeader(List<String> columns, StringBuilder out) {
    // NDJSON has no header line: every object carries its keys.
  }

  @Override
  public void encode(String[] fields, StringBuilder out) {
    if (fields.length != prefixes.length) {
      throw new IllegalArgumentException(
          "expected " + prefixes.length + " fields, got " + fields.length);
    }
    if (fields.length == 0) {
      out.append("{}").append(lineSeparator);
      return;
    }
    for (int i = 0; i < fields.length; i++) {
      out.append(prefixes[i]);
      JsonStrings.appendQuoted(fields[i] == null ? "" : fields[i], out);
    }
    out.append('}').append(lineSeparator);
  }
}
