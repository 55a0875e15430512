package org.deid.core.opentoken;

import java.util.List;
import java.util.Optional;
import org.deid.core.normalize.Attribute;
import org.deid.core.normalize.AttributeNormalizer;
import org.deid.core.normalize.Normalized;
import org.deid.core.pipeline.RowWorker;
import org.deid.core.record.ReadResult;
import org.deid.core.token.AttributeValues;
import org.deid.core.token.TokenRule;
import org.deid.core.token.Tokenizer;

/**
 * Turns one input row into OpenToken's five output lines ({@code RuleId,Token,RecordId}, T1..T5).
 * One instance per thread; counts invalid attributes and blank tokens for the metadata file.
 */
final class OpenTokenWorker implements RowWorker {
  private final OpenTokenColumns columns;
  private final AttributeNormalizer[] normalizers;
  private final List<TokenRule> rules;
  private final Tokenizer tokenizer;
  private final String blankToken;
  private final AttributeValues values = new AttributeValues();
  private final long[] invalidByAttribute = new long[OpenTokenColumns.ATTRIBUTES.size()];
  private final long[] blankByRule;

  /** Per rule, the indexes in {@link OpenTokenColumns#ATTRIBUTES} of its attributes, in order. */
  private final int[][] ruleAttributeIndexes;

  private final Attribute[][] ruleAttributes;
  private final boolean[] invalidInRow = new boolean[OpenTokenColumns.ATTRIBUTES.size()];
  private long rowsWithInvalid;

  OpenTokenWorker(
      OpenTokenColumns columns,
      AttributeNormalizer[] normalizers,
      List<TokenRule> rules,
      Tokenizer tokenizer,
      String blankToken) {
    this.columns = columns;
    this.normalizers = normalizers;
    this.rules = rules;
    this.tokenizer = tokenizer;
    this.blankToken = blankToken;
    this.blankByRule = new long[rules.size()];
    this.ruleAttributeIndexes = new int[rules.size()][];
    this.ruleAttributes = new Attribute[rules.size()][];
    for (int r = 0; r < rules.size(); r++) {
      ruleAttributes[r] = rules.get(r).attributes().toArray(new Attribute[0]);
      ruleAttributeIndexes[r] =
          rules.get(r).attributes().stream()
              .mapToInt(OpenTokenColumns.ATTRIBUTES::indexOf)
              .toArray();
    }
  }

  @Override
  public void handle(ReadResult.Row row, StringBuilder out) {
    String[] fields = row.fields();
    values.clearAll();
    for (int i = 0; i < normalizers.length; i++) {
      Attribute attribute = OpenTokenColumns.ATTRIBUTES.get(i);
      int column = columns.column(attribute);
      Normalized normalized = normalizers[i].normalize(column < 0 ? "" : fields[column]);
      if (normalized.isValid()) {
        values.set(attribute, normalized.value());
      }
    }
    countInvalidLikeOpenToken();
    String recordId = columns.recordId() < 0 ? "" : fields[columns.recordId()];
    for (int r = 0; r < rules.size(); r++) {
      TokenRule rule = rules.get(r);
      Optional<String> signature = rule.signature(values);
      out.append(rule.id()).append(',');
      if (signature.isPresent()) {
        out.append(tokenizer.token(rule, signature.get()));
      } else {
        blankByRule[r]++;
        out.append(blankToken);
      }
      out.append(',');
      appendCsvField(out, recordId);
      out.append('\n');
    }
  }

  /**
   * Counts invalid attributes as OpenToken 1.12 does: each rule stops at its first invalid
   * attribute (in expression order) and only that one is counted, once per row. So a row whose
   * first and last names are both invalid counts only the last name (rules start with it).
   */
  private void countInvalidLikeOpenToken() {
    boolean any = false;
    for (int r = 0; r < ruleAttributes.length; r++) {
      Attribute[] attributes = ruleAttributes[r];
      for (int a = 0; a < attributes.length; a++) {
        if (!values.has(attributes[a])) {
          invalidInRow[ruleAttributeIndexes[r][a]] = true;
          any = true;
          break;
        }
      }
    }
    if (any) {
      for (int i = 0; i < invalidInRow.length; i++) {
        if (invalidInRow[i]) {
          invalidByAttribute[i]++;
          invalidInRow[i] = false;
        }
      }
      rowsWithInvalid++;
    }
  }

  long[] invalidByAttribute() {
    return invalidByAttribute;
  }

  long[] blankByRule() {
    return blankByRule;
  }

  long rowsWithInvalid() {
    return rowsWithInvalid;
  }

  static void appendCsvField(StringBuilder out, String value) {
    boolean quote = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
