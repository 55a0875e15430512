package org.deid.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.deid.core.normalize.Attribute;
import org.deid.core.normalize.AttributeNormalizer;
import org.deid.core.token.TokenRule;
import org.deid.core.transform.FieldTransform;

/**
 * The compiled, immutable shape of a run: which input columns feed which attribute, which token
 * rules are emitted, and which input columns become which output columns through which transform.
 * Shared by all workers.
 */
final class RowLayout {
  final int[] attributeColumns;
  final Attribute[] attributes;
  final AttributeNormalizer[] normalizers;
  final TokenRule[] rules;
  final int personKeyRule;
  final int personKeyColumn;
  final int[] outputSources;
  final String[] outputNames;
  final FieldTransform[] transforms;
  final List<String> outputColumns;

  RowLayout(
      int[] attributeColumns,
      Attribute[] attributes,
      AttributeNormalizer[] normalizers,
      TokenRule[] rules,
      String tokenPrefix,
      int personKeyRule,
      int personKeyColumn,
      int[] outputSources,
      String[] outputNames,
      FieldTransform[] transforms) {
    this.attributeColumns = attributeColumns;
    this.attributes = attributes;
    this.normalizers = normalizers;
    this.rules = rules;
    this.personKeyRule = personKeyRule;
    this.personKeyColumn = personKeyColumn;
    this.outputSources = outputSources;
    this.outputNames = outputNames;
    this.transforms = transforms;
    List<String> columns = new ArrayList<>();
    for (TokenRule rule : rules) {
      columns.add(tokenPrefix + rule.id());
    }
    columns.addAll(List.of(outputNames));
    this.outputColumns = List.copyOf(columns);
  }

  int outputWidth() {
    return rules.length + transforms.length;
  }
}
