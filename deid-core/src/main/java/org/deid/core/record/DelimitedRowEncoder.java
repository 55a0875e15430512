package org.deid.core.record;

import java.util.List;

/**
 * RFC 4180 encoder: a field is quoted only when it holds the delimiter, the quote, CR or LF (or
 * starts with U+FEFF, which readers strip as a byte order mark); quotes inside are doubled. Leading
 * and trailing spaces are written as they are. Stateless and thread-safe.
 */
final class DelimitedRowEncoder implements RowEncoder {
  private final char delimiter;
  private final char quote;
  private final String lineSeparator;

  DelimitedRowEncoder(OutputFormat format) {
    this.delimiter = format.delimiter();
    this.quote = format.quote();
    this.lineSeparator = format.lineSeparator();
  }

  @Override
  public void encodeHeader(List<String> columns, StringBuilder out) {
    encode(columns.toArray(new String[0]), out);
  }

  @Override
  public void encode(String[] fields, StringBuilder out) {
    if (fields.length == 1 && (fields[0] == null || fields[0].isEmpty())) {
      // An empty line would be skipped as blank on reading; "" keeps the one empty field.
      out.append(quote).append(quote).append(lineSeparator);
      return;
    }
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(delimiter);
      }
      String field = fields[i];
      if (field != null) {
        appendField(field, out);
      }
    }
    out.append(lineSeparator);
  }

  private void appendField(String field, StringBuilder out) {
    if (!needsQuotes(field)) {
      out.append(field);
      return;
    }
    out.append(quote);
    int from = 0;
    for (int i = field.indexOf(quote); i >= 0; i = field.indexOf(quote, i + 1)) {
      out.append(field, from, i + 1).append(quote);
      from = i + 1;
    }
    out.append(field, from, field.length()).append(quote);
  }

  private boolean needsQuotes(String field) {
    int length = field.length();
    if (length > 0 && field.charAt(0) == '\uFEFF') {
      return true;
    }
    for (int i = 0; i < length; i++) {
      char c = field.charAt(i);
      if (c == delimiter || c == quote || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }
}
