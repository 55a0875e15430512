package org.deid.core.opentoken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.deid.core.normalize.Attribute;
import org.deid.core.normalize.AttributeNormalizer;
import org.deid.core.normalize.NormalizationProfile;
import org.deid.core.normalize.Normalizers;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.OrderedSink;
import org.deid.core.pipeline.ParallelPipeline;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.PipelineResult;
import org.deid.core.pipeline.RunInput;
import org.deid.core.record.InputFormat;
import org.deid.core.record.RecordReader;
import org.deid.core.token.BuiltInRules;
import org.deid.core.token.TokenRule;
import org.deid.core.token.TokenScheme;

/**
 * Produces OpenToken's output for a CSV of people: five lines per record ({@code
 * RuleId,Token,RecordId}, T1..T5, LF), with OpenToken's normalization, rules and crypto (hash-only
 * or encrypted, as the scheme says), on the same parallel streaming pipeline as {@code deid
 * tokenize}: all cores, flat memory, output in input order.
 */
public final class OpenTokenizer {
  private static final String[] TYPE_NAMES = {
    "FirstName", "LastName", "BirthDate", "Sex", "PostalCode", "SocialSecurityNumber"
  };

  private final TokenScheme scheme;
  private final NormalizationProfile profile;
  private final Map<String, String> mappings;
  private final List<TokenRule> rules = BuiltInRules.openToken();

  /**
   * Creates a tokenizer.
   *
   * @param scheme {@code OpenTokenHashScheme} or {@code OpenTokenEncryptedScheme}
   * @param lenient true for the documented leniencies, false for exact OpenToken behaviour
   * @param mappings explicit role to column mappings (for example {@code ssn -> SSN})
   */
  public OpenTokenizer(TokenScheme scheme, boolean lenient, Map<String, String> mappings) {
    this.scheme = scheme;
    this.profile =
        lenient ? NormalizationProfile.OPENTOKEN_LENIENT : NormalizationProfile.OPENTOKEN;
    this.mappings = Map.copyOf(mappings);
  }

  /**
   * Tokenizes one input.
   *
   * @param input the CSV input (UTF-8, header with OpenToken's column names)
   * @param output where the OpenToken-layout CSV goes (not closed)
   * @param options threads and progress (malformed records are rejected and counted)
   * @param today the upper bound of valid birth dates (OpenToken uses the current date)
   * @param deidVersion the version for the metadata
   * @param hashingFingerprint keyed fingerprint of the hashing secret
   * @param encryptionFingerprint keyed fingerprint of the encryption key, when encrypting
   * @return the metadata of the run
   * @throws IOException if reading or writing fails
   * @throws DeidRunException if the input is unusable
   */
  public OpenTokenMetadata run(
      RunInput input,
      OutputStream output,
      PipelineOptions options,
      LocalDate today,
      String deidVersion,
      String hashingFingerprint,
      Optional<String> encryptionFingerprint)
      throws IOException, DeidRunException {
    try (InputStream in = input.opener().open();
        RecordReader reader = input.reader(in, InputFormat.csv())) {
      OpenTokenColumns columns;
      try {
        columns = OpenTokenColumns.resolve(reader.columns(), mappings, input.name());
      } catch (OpenTokenException e) {
        throw new DeidRunException(DeidRunException.Kind.CONFIGURATION, e.getMessage(), e);
      }
      AttributeNormalizer[] normalizers =
          new AttributeNormalizer[OpenTokenColumns.ATTRIBUTES.size()];
      for (int i = 0; i < normalizers.length; i++) {
        normalizers[i] =
            Normalizers.forAttribute(OpenTokenColumns.ATTRIBUTES.get(i), profile, today);
      }
      output.write("RuleId,Token,RecordId\n".getBytes(StandardCharsets.UTF_8));
      String blank = scheme.blankToken();
      ParallelPipeline<OpenTokenWorker> pipeline =
          new ParallelPipeline<>(
              () -> new OpenTokenWorker(columns, normalizers, rules, scheme.newTokenizer(), blank),
              options);
      PipelineResult result = pipeline.run(reader, input.name(), new OrderedSink(output));
      return metadata(
          pipeline.workers(),
          result,
          columns,
          today,
          deidVersion,
          hashingFingerprint,
          encryptionFingerprint);
    }
  }

  private OpenTokenMetadata metadata(
      List<OpenTokenWorker> workers,
      PipelineResult result,
      OpenTokenColumns columns,
      LocalDate today,
      String deidVersion,
      String hashingFingerprint,
      Optional<String> encryptionFingerprint) {
    long[] invalid = new long[TYPE_NAMES.length];
    long[] blank = new long[rules.size()];
    long rowsWithInvalid = 0;
    for (OpenTokenWorker worker : workers) {
      for (int i = 0; i < invalid.length; i++) {
        invalid[i] += worker.invalidByAttribute()[i];
      }
      for (int r = 0; r < blank.length; r++) {
        blank[r] += worker.blankByRule()[r];
      }
      rowsWithInvalid += worker.rowsWithInvalid();
    }
    Map<String, Long> byType = new TreeMap<>();
    for (int i = 0; i < TYPE_NAMES.length; i++) {
      byType.put(TYPE_NAMES[i], invalid[i]);
    }
    Map<String, Long> byRule = new TreeMap<>();
    for (int r = 0; r < rules.size(); r++) {
      byRule.put(rules.get(r).id(), blank[r]);
    }
    // OpenToken's "TotalRowsWithInvalidAttributes" counts invalid attributes, not rows (a row with
    // two invalid attributes counts twice); reproduce it and report true rows separately.
    long invalidAttributes = 0;
    for (long count : invalid) {
      invalidAttributes += count;
    }
    return new OpenTokenMetadata(
        deidVersion,
        hashingFingerprint,
        encryptionFingerprint,
        result.rowsWritten(),
        invalidAttributes,
        rowsWithInvalid,
        byType,
        byRule,
        result.rejected().total(),
        today,
        columns.missing().stream().map(OpenTokenizer::typeName).toList(),
        columns.unused());
  }

  /**
   * Returns the OpenToken attribute name used in metadata for an attribute.
   *
   * @param attribute an OpenToken attribute
   * @return for example {@code SocialSecurityNumber}
   */
  public static String typeName(Attribute attribute) {
    return TYPE_NAMES[OpenTokenColumns.ATTRIBUTES.indexOf(attribute)];
  }
}
