package org.deid.core.linkage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision and recall of "records with equal tokens are the same person" against FEBRL's ground
 * truth ({@code rec-N-org} and {@code rec-N-dup-K} are person N).
 */
final class LinkageQuality {
  private final Set<Long> truePairs = new HashSet<>();

  LinkageQuality(List<String> recordIds) {
    Map<String, List<Integer>> byPerson = new HashMap<>();
    for (int i = 0; i < recordIds.size(); i++) {
      byPerson.computeIfAbsent(person(recordIds.get(i)), p -> new ArrayList<>()).add(i);
    }
    for (List<Integer> rows : byPerson.values()) {
      addPairs(rows, truePairs);
    }
  }

  /** Pairs of rows that share a non-empty token. */
  static Set<Long> predictedPairs(List<String> tokens) {
    Map<String, List<Integer>> byToken = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (!tokens.get(i).isEmpty()) {
        byToken.computeIfAbsent(tokens.get(i), t -> new ArrayList<>()).add(i);
      }
    }
    Set<Long> pairs = new HashSet<>();
    for (List<Integer> rows : byToken.values()) {
      addPairs(rows, pairs);
    }
    return pairs;
  }

  Score score(Set<Long> predicted) {
    long truePositives = predicted.stream().filter(truePairs::contains).count();
    double precision = predicted.isEmpty() ? 1.0 : (double) truePositives / predicted.size();
    double recall = truePairs.isEmpty() ? 1.0 : (double) truePositives / truePairs.size();
    return new Score(precision, recall, predicted.size(), truePositives, truePairs.size());
  }

  record Score(
      double precision, double recall, long predicted, long truePositives, long truePairs) {
    double f1() {
      return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "precision %.4f recall %.4f F1 %.4f (%d predicted pairs, %d true positives, %d true pairs)",
          precision,
          recall,
          f1(),
          predicted,
          truePositives,
          truePairs);
    }
  }

  private static String person(String recordId) {
    String[] parts = recordId.trim().split("-");
    return parts[1];
  }

  private static void addPairs(List<Integer> rows, Set<Long> pairs) {
    for (int a = 0; a < rows.size(); a++) {
      for (int b = a + 1; b < rows.size(); b++) {
        pairs.add(((long) rows.get(a) << 32) | rows.get(b));
      }
    }
  }
}
