package org.deid.core.inspect;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks the delimiter among comma, tab, pipe and semicolon whose quote-aware field counts are the
 * most consistent over the sample (share of records with the most common count, which must be at
 * least 2); ties go to the wider split, then to the order above. Comma when nothing splits.
 */
final class DelimiterGuess {
  private static final char[] CANDIDATES = {',', '\t', '|', ';'};

  private DelimiterGuess() {}

  @SuppressWarnings("removal") // see DelimitedRecordReader: relaxed quotes, revisit on upgrade
  static char guess(String text, int maxRecords) {
    char best = ',';
    double bestShare = 0;
    int bestWidth = 1;
    for (char candidate : CANDIDATES) {
      Map<Integer, Integer> counts = new HashMap<>();
      int records = 0;
      CsvReader<CsvRecord> reader =
          CsvReader.builder()
              .fieldSeparator(candidate)
              .skipEmptyLines(true)
              .allowExtraCharsAfterClosingQuote(true)
              .ofCsvRecord(text);
      try {
        for (CsvRecord record : reader) {
          counts.merge(record.getFieldCount(), 1, Integer::sum);
          if (++records > maxRecords) {
            break;
          }
        }
      } catch (RuntimeException e) {
        // An unclosed quote at the sample's end: judge by the records before it.
      }
      int width = 0;
      int modal = 0;
      for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
        if (e.getValue() > modal || (e.getValue() == modal && e.getKey() > width)) {
          modal = e.getValue();
          width = e.getKey();
        }
      }
      double share = records == 0 ? 0 : (double) modal / records;
      if (width >= 2 && (share > bestShare || (share == bestShare && width > bestWidth))) {
        best = candidate;
        bestShare = share;
        bestWidth = width;
      }
    }
    return best;
  }
}
