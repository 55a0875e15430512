package org.deid.core.pipeline;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The line numbers of rejected input records, grouped by reason. Holds every rejected line (8 bytes
 * each) so the report accounts for every input row. Not thread-safe: only the reading thread adds.
 */
public final class RejectedRows {
  private final Map<String, LineList> byReason = new TreeMap<>();
  private long total;

  /**
   * Records a rejected record.
   *
   * @param line the physical line where the record starts
   * @param reason a stable reason code
   */
  public void add(long line, String reason) {
    byReason.computeIfAbsent(reason, r -> new LineList()).add(line);
    total++;
  }

  /**
   * Returns the number of rejected records.
   *
   * @return the count
   */
  public long total() {
    return total;
  }

  /**
   * Returns the rejected line numbers by reason, in reason order, lines ascending.
   *
   * @return an unmodifiable map of reason to line numbers
   */
  public Map<String, long[]> linesByReason() {
    Map<String, long[]> result = new TreeMap<>();
    byReason.forEach((reason, lines) -> result.put(reason, lines.toArray()));
    return Collections.unmodifiableMap(result);
  }

  private static final class LineList {
    private long[] lines = new long[16];
    private int size;

    void add(long line) {
      if (size == lines.length) {
        lines = Arrays.copyOf(lines, size * 2);
      }
      lines[size++] = line;
    }

    long[] toArray() {
      return Arrays.copyOf(lines, size);
    }
  }
}
