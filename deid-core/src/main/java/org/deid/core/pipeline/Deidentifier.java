package org.deid.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.KeyMaterialFunctions;
import org.deid.core.normalize.Attribute;
import org.deid.core.normalize.AttributeNormalizer;
import org.deid.core.normalize.NormalizationProfile;
import org.deid.core.normalize.Normalizers;
import org.deid.core.policy.ColumnPlan;
import org.deid.core.policy.InputColumn;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import org.deid.core.policy.RuleSpec;
import org.deid.core.record.RecordReader;
import org.deid.core.record.RowEncoder;
import org.deid.core.record.RowEncoders;
import org.deid.core.report.RunReport;
import org.deid.core.token.DeidV1TokenScheme;
import org.deid.core.token.TokenRule;
import org.deid.core.token.TokenRuleException;
import org.deid.core.token.TokenScheme;
import org.deid.core.transform.FieldTransform;

/**
 * The core engine: de-identifies one input with a policy and keys. Reads the input once, in a
 * streaming fashion, on several threads; writes the output rows in input order (or shuffled with a
 * seed); returns the run report. The same input, policy and keys always give byte-identical output,
 * whatever the thread count. Thread-safe: one instance can run many inputs, also concurrently.
 */
public final class Deidentifier {
  private final Policy policy;
  private final KeyMaterial keys;
  private final TokenScheme scheme;
  private final KeyMaterialFunctions keyed;
  private final List<TokenRule> rules;

  private Deidentifier(Policy policy, KeyMaterial keys, List<TokenRule> rules) {
    this.policy = policy;
    this.keys = keys;
    this.scheme = new DeidV1TokenScheme(keys);
    this.keyed = new KeyMaterialFunctions(keys);
    this.rules = rules;
  }

  /**
   * Prepares a policy and keys for runs: parses the token rules and checks that they fit together.
   *
   * @param policy the loaded policy
   * @param keys the client's keys
   * @return a ready engine
   * @throws PolicyException if a token rule is invalid, the profile is not supported, or the person
   *     key names an unknown rule
   */
  public static Deidentifier create(Policy policy, KeyMaterial keys) throws PolicyException {
    String profile = policy.tokens().profile();
    if (!profile.equals("deid-v1")) {
      throw new PolicyException(
          List.of(
              "tokens.profile: '"
                  + profile
                  + "' is not supported by deid tokenize (use deid-v1; "
                  + "OpenToken files are made with 'deid opentoken tokenize')"));
    }
    List<TokenRule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (RuleSpec spec : policy.tokens().rules()) {
      try {
        rules.add(TokenRule.parse(spec.id(), spec.expression()));
      } catch (TokenRuleException e) {
        problems.add("tokens: " + e.getMessage());
      }
    }
    policy
        .personKey()
        .flatMap(key -> key.rule())
        .filter(rule -> rules.stream().noneMatch(r -> r.id().equals(rule)))
        .ifPresent(
            rule ->
                problems.add(
                    "person_key.rule: '" + rule + "' is not one of the policy's token rules"));
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return new Deidentifier(policy, keys, List.copyOf(rules));
  }

  /**
   * Returns the policy this engine applies.
   *
   * @return the policy
   */
  public Policy policy() {
    return policy;
  }

  /**
   * De-identifies one input into an output stream (not closed; the caller commits it).
   *
   * @param input the input
   * @param output where the output rows go (header first)
   * @param options threads, strategies, clock
   * @return the run report
   * @throws IOException if reading or writing fails
   * @throws DeidRunException if the run cannot complete; its message is free of PII
   */
  public RunReport run(RunInput input, OutputStream output, RunOptions options)
      throws IOException, DeidRunException {
    Instant started = options.clock().instant();
    PipelineOptions pipelineOptions =
        options
            .pipeline()
            .withFailOnMalformed(
                policy.input().malformedRows().name().equals("FAIL")
                    || options.pipeline().failOnMalformed());
    try (InputStream in = input.opener().open();
        RecordReader reader = input.reader(in, PolicyFormats.input(policy))) {
      ColumnPlan plan = plan(reader.columns(), input.name());
      RunReport.DateBound birthDateBound = birthDateBound(started);
      RowLayout layout = layout(plan, reader.columns(), birthDateBound.date());
      RowEncoder encoder =
          RowEncoders.forFormat(PolicyFormats.output(policy), layout.outputColumns);
      StringBuilder header = new StringBuilder();
      encoder.encodeHeader(layout.outputColumns, header);
      output.write(header.toString().getBytes(StandardCharsets.UTF_8));
      String blank = scheme.blankToken();
      ParallelPipeline<DeidentifyWorker> pipeline =
          new ParallelPipeline<>(
              () -> new DeidentifyWorker(layout, scheme.newTokenizer(), keyed, blank, encoder),
              pipelineOptions);
      PipelineResult result = runPipeline(pipeline, reader, input.name(), output, options);
      RunCounters totals = new RunCounters(rules.size());
      for (DeidentifyWorker worker : pipeline.workers()) {
        worker.counters().addTo(totals);
      }
      return report(input.name(), result, totals, plan, layout, birthDateBound, started, options);
    }
  }

  private PipelineResult runPipeline(
      ParallelPipeline<DeidentifyWorker> pipeline,
      RecordReader reader,
      String name,
      OutputStream output,
      RunOptions options)
      throws IOException, DeidRunException {
    if (options.pipeline().shuffleSeed().isEmpty()) {
      return pipeline.run(reader, name, new OrderedSink(output));
    }
    try (ShuffleSink sink =
        new ShuffleSink(output, options.pipeline().shuffleSeed().getAsLong(), options.tempDir())) {
      return pipeline.run(reader, name, sink);
    }
  }

  /**
   * The latest valid birth date for tokens. The policy's {@code reference_date} makes the output
   * independent of the day of the run; without it, the run's UTC date is used and reported.
   */
  private RunReport.DateBound birthDateBound(Instant started) {
    return policy
        .referenceDate()
        .map(date -> new RunReport.DateBound(date, "reference_date"))
        .orElseGet(
            () ->
                new RunReport.DateBound(
                    LocalDate.ofInstant(started, java.time.ZoneOffset.UTC), "run_date"));
  }

  private ColumnPlan plan(List<String> columns, String name) throws DeidRunException {
    try {
      return policy.plan(columns, keyed);
    } catch (PolicyException e) {
      throw new DeidRunException(
          DeidRunException.Kind.CONFIGURATION, name + ": " + e.getMessage(), e);
    }
  }

  private RowLayout layout(ColumnPlan plan, List<String> columns, LocalDate latestBirthDate)
      throws DeidRunException {
    List<Integer> attributeColumns = new ArrayList<>();
    List<Attribute> attributes = new ArrayList<>();
    List<AttributeNormalizer> normalizers = new ArrayList<>();
    List<Integer> outputSources = new ArrayList<>();
    List<String> outputNames = new ArrayList<>();
    List<FieldTransform> transforms = new ArrayList<>();
    for (InputColumn column : plan.inputs()) {
      if (column.attribute().isPresent()) {
        Attribute attribute = column.attribute().get();
        if (attributes.contains(attribute)) {
          throw new DeidRunException(
              DeidRunException.Kind.CONFIGURATION,
              "columns." + column.name() + ": a second column has the role " + attribute.id());
        }
        attributeColumns.add(column.index());
        attributes.add(attribute);
        normalizers.add(
            Normalizers.forAttribute(attribute, NormalizationProfile.DEID_V1, latestBirthDate));
      }
      if (column.transform().isPresent()) {
        outputSources.add(column.index());
        outputNames.add(column.name());
        transforms.add(column.transform().get());
      }
    }
    int personKeyRule = -1;
    int personKeyColumn = -1;
    if (policy.personKey().isPresent()) {
      Optional<String> rule = policy.personKey().get().rule();
      Optional<String> column = policy.personKey().get().column();
      if (rule.isPresent()) {
        for (int i = 0; i < rules.size(); i++) {
          if (rules.get(i).id().equals(rule.get())) {
            personKeyRule = i;
          }
        }
      } else if (column.isPresent()) {
        personKeyColumn = columns.indexOf(column.get());
        if (personKeyColumn < 0) {
          throw new DeidRunException(
              DeidRunException.Kind.CONFIGURATION,
              "person_key.column: the input has no column '" + column.get() + "'");
        }
      }
    }
    return new RowLayout(
        attributeColumns.stream().mapToInt(Integer::intValue).toArray(),
        attributes.toArray(new Attribute[0]),
        normalizers.toArray(new AttributeNormalizer[0]),
        rules.toArray(new TokenRule[0]),
        policy.tokens().columnPrefix(),
        personKeyRule,
        personKeyColumn,
        outputSources.stream().mapToInt(Integer::intValue).toArray(),
        outputNames.toArray(new String[0]),
        transforms.toArray(new FieldTransform[0]));
  }

  private RunReport report(
      String inputName,
      PipelineResult result,
      RunCounters totals,
      ColumnPlan plan,
      RowLayout layout,
      RunReport.DateBound birthDateBound,
      Instant started,
      RunOptions options) {
    List<RunReport.TokenFill> fills = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      TokenRule rule = rules.get(i);
      fills.add(
          new RunReport.TokenFill(
              rule.id(), rule.expression(), totals.tokensFilled(i), totals.tokensEmpty(i)));
    }
    List<RunReport.KeyDescription> keyDescriptions = new ArrayList<>();
    keys.describe()
        .forEach(
            info ->
                keyDescriptions.add(
                    new RunReport.KeyDescription(
                        info.kind(), info.id(), info.fingerprint(), info.primary())));
    Map<String, String> actions = plan.actionsByColumn();
    return new RunReport(
        options.toolVersion(),
        inputName,
        inputName,
        new RunReport.PolicyInfo(
            policy.name(), policy.version(), policy.method().id(), policy.sha256()),
        keyDescriptions,
        result.rowsRead(),
        result.rowsWritten(),
        result.rejected().linesByReason(),
        totals.invalidAttributes(),
        totals.invalidValues(),
        fills,
        layout.outputColumns,
        actions,
        birthDateBound,
        started,
        options.clock().instant(),
        options.pipeline().threads());
  }
}
