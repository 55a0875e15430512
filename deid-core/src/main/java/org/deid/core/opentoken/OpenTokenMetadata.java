package org.deid.core.opentoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata file written beside an OpenToken-layout output ({@code <name>.metadata.json}), with
 * OpenToken's field names and meanings, except that {@code HashingSecretHash} and {@code
 * EncryptionSecretHash} hold keyed fingerprints (HMAC-SHA256 keyed by the secret itself over a
 * fixed label) instead of OpenToken's unsalted SHA-256 of the secret, which can be brute-forced for
 * weak secrets. deid adds {@code DeidVersion}, {@code SecretFingerprintMethod} and {@code
 * RejectedRecords} and {@code RowsWithAnyInvalidAttribute} (the true number of rows with an invalid
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
    long rejectedRecords) {

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
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
