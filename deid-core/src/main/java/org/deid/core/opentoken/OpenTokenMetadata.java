package org.deid.core.opentoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata file written beside an OpenToken-layout output ({@code <name>.metadata.json}), with
 * OpenToken's field names and meanings, except that {@code HashingSecretHash} and {@code
 * EncryptionSecretHash} hold keyed fingerprints (HMAC-SHA256 keyed by the secret itself over a
 * fixed label) instead of OpenToken's unsalted SHA-256 of the secret, which can be brute-forced for
 * weak secrets. deid adds {@code DeidVersion}, {@code SecretFingerprintMethod}, {@code
 * RejectedRecords}, {@code BirthDatesValidUntil}, {@code AttributesWithoutColumn}, {@code
 * IgnoredColumns} and {@code RowsWithAnyInvalidAttribute} (the true number of rows with an invalid
 * attribute; OpenToken's {@code TotalRowsWithInvalidAttributes} counts attributes and is reproduced
 * as is).
 *
 * @param deidVersion the deid version
 * @param hashingSecretFingerprint keyed fingerprint of the hashing secret
 * @param encryptionKeyFingerprint keyed fingerprint of the encryption key, when encrypting
 * @param totalRows input records tokenized
 * @param invalidAttributeCount OpenToken's {@code TotalRowsWithInvalidAttributes}, which in
 *     OpenToken 1.12 is the number of invalid attributes (a row with two counts twice)
 * @param rowsWithInvalidAttributes records with at least one invalid or missing attribute
 * @param invalidByType invalid attribute counts by OpenToken attribute name
 * @param blankByRule blank tokens by rule id
 * @param rejectedRecords malformed records that were not tokenized
 * @param birthDatesValidUntil the latest valid birth date (OpenToken's "today"), recorded so that a
 *     run can be reproduced
 * @param attributesWithoutColumn OpenToken attribute names the input has no column for (their rules
 *     give blank tokens)
 * @param ignoredColumns input columns that are neither the record id nor an attribute
 */
public record OpenTokenMetadata(
    String deidVersion,
    String hashingSecretFingerprint,
    Optional<String> encryptionKeyFingerprint,
    long totalRows,
    long invalidAttributeCount,
    long rowsWithInvalidAttributes,
    Map<String, Long> invalidByType,
    Map<String, Long> blankByRule,
    long rejectedRecords,
    LocalDate birthDatesValidUntil,
    List<String> attributesWithoutColumn,
    List<String> ignoredColumns) {

  /** The OpenToken release whose format and tokens this profile reproduces. */
  public static final String COMPATIBLE_OPENTOKEN_VERSION = "1.12.5";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Renders the metadata as JSON.
   *
   * @return UTF-8 JSON bytes
   */
  public byte[] toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("JavaVersion", System.getProperty("java.version"));
    root.put("Platform", "Java");
    root.put("OpenTokenVersion", COMPATIBLE_OPENTOKEN_VERSION);
    root.put("DeidVersion", deidVersion);
    root.put(
        "SecretFingerprintMethod", "HMAC-SHA256(key=secret, \"deid key fingerprint v1\"), hex");
    root.put("HashingSecretHash", hashingSecretFingerprint);
    encryptionKeyFingerprint.ifPresent(value -> root.put("EncryptionSecretHash", value));
    root.put("TotalRows", totalRows);
    root.put("TotalRowsWithInvalidAttributes", invalidAttributeCount);
    root.put("RowsWithAnyInvalidAttribute", rowsWithInvalidAttributes);
    root.put("InvalidAttributesByType", invalidByType);
    root.put("BlankTokensByRule", blankByRule);
    root.put("RejectedRecords", rejectedRecords);
    root.put("BirthDatesValidUntil", birthDatesValidUntil.toString());
    root.put("AttributesWithoutColumn", attributesWithoutColumn);
    root.put("IgnoredColumns", ignoredColumns);
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
