package org.deid.core.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helper: reads every result of a source. */
final class Reading {
  private Reading() {}

  record All(List<String> columns, List<ReadResult> results) {
    List<ReadResult.Row> rows() {
      return results.stream()
          .filter(ReadResult.Row.class::isInstance)
          .map(ReadResult.Row.class::cast)
          .toList();
    }

    List<ReadResult.Malformed> malformed() {
      return results.stream()
          .filter(ReadResult.Malformed.class::isInstance)
          .map(ReadResult.Malformed.class::cast)
          .toList();
    }

    List<List<String>> fieldLists() {
      return rows().stream().map(r -> List.of(r.fields())).toList();
    }
  }

  static All read(byte[] bytes, InputFormat format) throws IOException {
    return read(bytes, format, "test.input");
  }

  static All read(byte[] bytes, InputFormat format, String source) throws IOException {
    try (RecordReader reader =
        RecordReaders.open(new ByteArrayInputStream(bytes), format, source)) {
      List<ReadResult> results = new ArrayList<>();
      for (Optional<ReadResult> r = reader.next(); r.isPresent(); r = reader.next()) {
        results.add(r.get());
      }
      return new All(reader.columns(), results);
    }
  }

  static All read(String text, InputFormat format) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8), format);
  }
}
