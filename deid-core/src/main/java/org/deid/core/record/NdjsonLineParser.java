package org.deid.core.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one NDJSON line into fields in column order, or says why it is malformed. Error details
 * give positions (key index, character column), never keys or values: a producer may put data in
 * either. Not thread-safe.
 */
final class NdjsonLineParser {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** The outcome for one line: fields, or a reason code and detail. */
  record Parsed(String[] fields, List<String> keys, String reason, String detail) {
    boolean ok() {
      return reason == null;
    }

    static Parsed malformed(String reason, String detail) {
      return new Parsed(null, List.of(), reason, detail);
    }
  }

  private final int maxFieldChars;
  private Map<String, Integer> columnIndex = Map.of();
  private int columnCount;

  NdjsonLineParser(int maxFieldChars) {
    this.maxFieldChars = maxFieldChars;
  }

  /** Fixes the columns; until then every key is accepted in order of appearance. */
  void useColumns(List<String> columns) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    columnIndex = index;
    columnCount = columns.size();
  }

  Parsed parse(String line) {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Parsed.malformed("json_not_object", "the line is not a JSON object");
      }
      return members(parser);
    } catch (JsonProcessingException e) {
      return Parsed.malformed(
          "json_syntax",
          String.format(
              Locale.ROOT,
              "invalid JSON near character %d",
              e.getLocation() == null ? 0 : e.getLocation().getColumnNr()));
    } catch (IOException e) {
      return Parsed.malformed("json_syntax", "invalid JSON");
    }
  }

  private Parsed members(JsonParser parser) throws IOException {
    boolean learning = columnCount == 0;
    List<String> keys = new ArrayList<>();
    List<String> learned = new ArrayList<>();
    String[] fields = new String[columnCount];
    int position = 0;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      position++;
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        return Parsed.malformed(
            "json_nested_value",
            String.format(
                Locale.ROOT,
                "the value of key %d is an %s; only scalars are allowed",
                position,
                value == JsonToken.START_OBJECT ? "object" : "array"));
      }
      String text = value == JsonToken.VALUE_NULL ? "" : parser.getText();
      if (text.length() > maxFieldChars) {
        return Parsed.malformed(
            "record_too_large",
            String.format(
                Locale.ROOT, "the value of key %d exceeds %d characters", position, maxFieldChars));
      }
      if (learning) {
        if (keys.contains(key)) {
          return duplicate(position);
        }
        keys.add(key);
        learned.add(text);
        continue;
      }
      Integer index = columnIndex.get(key);
      if (index == null) {
        return Parsed.malformed(
            "json_unknown_field",
            String.format(
                Locale.ROOT,
                "key %d is not one of the %d columns taken from the first object",
                position,
                columnCount));
      }
      if (fields[index] != null) {
        return duplicate(position);
      }
      fields[index] = text;
    }
    if (parser.nextToken() != null) {
      return Parsed.malformed("json_syntax", "content after the end of the object");
    }
    if (learning) {
      return new Parsed(learned.toArray(new String[0]), keys, null, null);
    }
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] == null) {
        fields[i] = "";
      }
    }
    return new Parsed(fields, List.of(), null, null);
  }

  private static Parsed duplicate(int position) {
    return Parsed.malformed(
        "json_duplicate_key",
        String.format(Locale.ROOT, "key %d repeats an earlier key of the same object", position));
  }
}
