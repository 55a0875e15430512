package org.deid.core.rekey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.OrderedSink;
import org.deid.core.pipeline.ParallelPipeline;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.PipelineResult;
import org.deid.core.pipeline.RunInput;
import org.deid.core.record.InputFormat;
import org.deid.core.record.OutputFormat;
import org.deid.core.record.RecordReader;
import org.deid.core.record.RowEncoder;
import org.deid.core.record.RowEncoders;
import org.deid.core.token.SiteTokens;

/**
 * Re-keys a CSV written by {@code deid tokenize}: every token column (by default each column whose
 * name starts with the token prefix) is decrypted with the site key its header names and
 * re-encrypted under the current primary key, so the result equals tokenizing the original PII with
 * the current keys. Empty tokens stay empty; other columns, the header and the row order are
 * unchanged. Deterministic whatever the thread count. A token that does not decrypt fails the run
 * with the file, line and column, never the token.
 */
public final class TokenFileRekeying {
  /** The token column prefix {@code deid tokenize} uses by default. */
  public static final String DEFAULT_PREFIX = "token_";

  private final SiteTokens tokens;
  private final String prefix;
  private final Optional<List<String>> columns;

  /**
   * Creates the re-keying.
   *
   * @param keys the client's keys: the current primary and every older site key still enabled
   * @param prefix the token column prefix; the rule id is the column name without it
   * @param columns the token columns, or empty for every column starting with the prefix
   */
  public TokenFileRekeying(KeyMaterial keys, String prefix, Optional<List<String>> columns) {
    this.tokens = new SiteTokens(keys);
    this.prefix = prefix;
    this.columns = columns.map(List::copyOf);
  }

  /**
   * Re-keys one file.
   *
   * @param input the tokenized CSV (gzip is detected by content)
   * @param output where the re-keyed CSV goes (not closed)
   * @param options threads and progress
   * @return counts of rows read and written
   * @throws IOException if reading or writing fails
   * @throws DeidRunException (INPUT) if a named column is missing, no token column exists, a row is
   *     malformed or a token does not decrypt
   */
  public PipelineResult run(RunInput input, OutputStream output, PipelineOptions options)
      throws IOException, DeidRunException {
    try (InputStream in = input.opener().open();
        RecordReader reader = input.reader(in, InputFormat.csv())) {
      List<String> header = reader.columns();
      List<Integer> tokenIndexes = new ArrayList<>();
      List<String> ruleIds = new ArrayList<>();
      select(header, input.name(), tokenIndexes, ruleIds);
      RowEncoder encoder = RowEncoders.forFormat(OutputFormat.csv(), header);
      StringBuilder head = new StringBuilder();
      encoder.encodeHeader(header, head);
      output.write(head.toString().getBytes(StandardCharsets.UTF_8));
      int[] indexes = tokenIndexes.stream().mapToInt(Integer::intValue).toArray();
      String[] rules = ruleIds.toArray(new String[0]);
      String[] names = indexes.length == 0 ? new String[0] : namesOf(header, indexes);
      ParallelPipeline<RekeyWorker> pipeline =
          new ParallelPipeline<>(
              () -> new RekeyWorker(tokens, encoder, indexes, rules, names, input.name()),
              options.withFailOnMalformed(true));
      return pipeline.run(reader, input.name(), new OrderedSink(output));
    }
  }

  private void select(
      List<String> header, String source, List<Integer> indexes, List<String> ruleIds)
      throws DeidRunException {
    if (columns.isPresent()) {
      for (String column : columns.get()) {
        int index = header.indexOf(column);
        if (index < 0) {
          throw new DeidRunException(
              DeidRunException.Kind.INPUT, source + ": no column '" + column + "' in the header");
        }
        indexes.add(index);
        ruleIds.add(column.startsWith(prefix) ? column.substring(prefix.length()) : column);
      }
    } else {
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i);
        if (name.startsWith(prefix) && name.length() > prefix.length()) {
          indexes.add(i);
          ruleIds.add(name.substring(prefix.length()));
        }
      }
    }
    if (indexes.isEmpty()) {
      throw new DeidRunException(
          DeidRunException.Kind.INPUT,
          source + ": no token column (none starts with '" + prefix + "'; use --columns)");
    }
  }

  private static String[] namesOf(List<String> header, int[] indexes) {
    String[] names = new String[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      names[i] = header.get(indexes[i]);
    }
    return names;
  }
}
