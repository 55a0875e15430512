package org.deid.core.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.deid.core.normalize.Normalized;
import org.deid.core.record.ReadResult;
import org.deid.core.record.RowEncoder;
import org.deid.core.token.AttributeValues;
import org.deid.core.token.TokenRule;
import org.deid.core.token.Tokenizer;
import org.deid.core.transform.KeyedFunctions;
import org.deid.core.transform.RowContext;

/**
 * Normalizes one row's identifying attributes, computes its tokens, transforms its other columns
 * and encodes the output row. One instance per thread; it is also the {@link RowContext} of the row
 * it is working on.
 */
final class DeidentifyWorker implements RowWorker, RowContext {
  private static final byte[] NO_PERSON_KEY = new byte[0];

  private final RowLayout layout;
  private final Tokenizer tokenizer;
  private final KeyedFunctions keyed;
  private final String blankToken;
  private final RowEncoder encoder;
  private final RunCounters counters;
  private final AttributeValues values = new AttributeValues();
  private final String[] output;
  private String[] fields = new String[0];
  private long line;
  private byte[] personKey = NO_PERSON_KEY;

  DeidentifyWorker(
      RowLayout layout,
      Tokenizer tokenizer,
      KeyedFunctions keyed,
      String blankToken,
      RowEncoder encoder) {
    this.layout = layout;
    this.tokenizer = tokenizer;
    this.keyed = keyed;
    this.blankToken = blankToken;
    this.encoder = encoder;
    this.counters = new RunCounters(layout.rules.length);
    this.output = new String[layout.outputWidth()];
  }

  @Override
  public void handle(ReadResult.Row row, StringBuilder out) {
    fields = row.fields();
    line = row.line();
    personKey = NO_PERSON_KEY;
    normalizeAttributes();
    int position = 0;
    for (int i = 0; i < layout.rules.length; i++) {
      output[position++] = token(i);
    }
    if (layout.personKeyColumn >= 0) {
      String id = fields[layout.personKeyColumn].trim();
      if (!id.isEmpty()) {
        personKey = keyed.prf("person-key", id.getBytes(StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < layout.transforms.length; i++) {
      output[position++] = layout.transforms[i].apply(fields[layout.outputSources[i]], this);
    }
    encoder.encode(output, out);
  }

  RunCounters counters() {
    return counters;
  }

  private void normalizeAttributes() {
    values.clearAll();
    for (int i = 0; i < layout.attributeColumns.length; i++) {
      Normalized normalized = layout.normalizers[i].normalize(fields[layout.attributeColumns[i]]);
      if (normalized.isValid()) {
        values.set(layout.attributes[i], normalized.value());
      } else {
        counters.invalidAttribute(layout.attributes[i], normalized.reason());
      }
    }
  }

  private String token(int ruleIndex) {
    TokenRule rule = layout.rules[ruleIndex];
    Optional<String> signature = rule.signature(values);
    if (signature.isEmpty()) {
      counters.token(ruleIndex, false);
      return blankToken;
    }
    counters.token(ruleIndex, true);
    if (ruleIndex == layout.personKeyRule) {
      personKey = tokenizer.digest(rule, signature.get());
      return tokenizer.token(rule, signature.get(), personKey);
    }
    return tokenizer.token(rule, signature.get());
  }

  @Override
  public long lineNumber() {
    return line;
  }

  @Override
  public String field(int columnIndex) {
    return fields[columnIndex];
  }

  @Override
  public byte[] personKey() {
    return personKey;
  }

  @Override
  public void countInvalid(String column, String reason) {
    counters.invalidValue(column, reason);
  }
}
