package org.deid.core.record;

/**
 * JSON string escaping (RFC 8259): quote, backslash and every control character are escaped, and so
 * are U+2028 and U+2029 so the output is also safe inside JavaScript. Other characters, including
 * non-ASCII, are written as they are.
 */
final class JsonStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonStrings() {}

  static void appendQuoted(String value, StringBuilder out) {
    out.append('"');
    int from = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
        continue;
      }
      out.append(value, from, i);
      appendEscape(c, out);
      from = i + 1;
    }
    out.append(value, from, length).append('"');
  }

  private static void appendEscape(char c, StringBuilder out) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      default ->
          out.append("\\u")
              .append(HEX[(c >> 12) & 0xf])
              .append(HEX[(c >> 8) & 0xf])
              .append(HEX[(c >> 4) & 0xf])
              .append(HEX[c & 0xf]);
    }
  }
}
