package org.deid.core.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.deid.core.normalize.Attribute;

/**
 * Counters of one worker thread (no locking); merged into the report at the end of the run. Holds
 * counts and reason codes only, never values.
 */
final class RunCounters {
  private final Map<String, Map<String, long[]>> invalidAttributes = new HashMap<>();
  private final Map<String, Map<String, long[]>> invalidValues = new HashMap<>();
  private final long[] tokensFilled;
  private final long[] tokensEmpty;

  RunCounters(int rules) {
    this.tokensFilled = new long[rules];
    this.tokensEmpty = new long[rules];
  }

  void invalidAttribute(Attribute attribute, String reason) {
    increment(invalidAttributes, attribute.id(), reason);
  }

  void invalidValue(String column, String reason) {
    increment(invalidValues, column, reason);
  }

  void token(int rule, boolean filled) {
    if (filled) {
      tokensFilled[rule]++;
    } else {
      tokensEmpty[rule]++;
    }
  }

  /** Adds this worker's counts to the totals. */
  void addTo(RunCounters total) {
    merge(invalidAttributes, total.invalidAttributes);
    merge(invalidValues, total.invalidValues);
    for (int i = 0; i < tokensFilled.length; i++) {
      total.tokensFilled[i] += tokensFilled[i];
      total.tokensEmpty[i] += tokensEmpty[i];
    }
  }

  long tokensFilled(int rule) {
    return tokensFilled[rule];
  }

  long tokensEmpty(int rule) {
    return tokensEmpty[rule];
  }

  Map<String, Map<String, Long>> invalidAttributes() {
    return sorted(invalidAttributes);
  }

  Map<String, Map<String, Long>> invalidValues() {
    return sorted(invalidValues);
  }

  private static void increment(
      Map<String, Map<String, long[]>> counts, String key, String reason) {
    counts.computeIfAbsent(key, k -> new HashMap<>())
        .computeIfAbsent(reason, r -> new long[1])[0]++;
  }

  private static void merge(
      Map<String, Map<String, long[]>> from, Map<String, Map<String, long[]>> to) {
    from.forEach(
        (key, reasons) ->
            reasons.forEach(
                (reason, count) ->
                    to.computeIfAbsent(key, k -> new HashMap<>())
                            .computeIfAbsent(reason, r -> new long[1])[0] +=
                        count[0]));
  }

  private static Map<String, Map<String, Long>> sorted(Map<String, Map<String, long[]>> counts) {
    Map<String, Map<String, Long>> result = new TreeMap<>();
    counts.forEach(
        (key, reasons) -> {
          Map<String, Long> byReason = new TreeMap<>();
          reasons.forEach((reason, count) -> byReason.put(reason, count[0]));
          result.put(key, byReason);
        });
    return result;
  }
}
