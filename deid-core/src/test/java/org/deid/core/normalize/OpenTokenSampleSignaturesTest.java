package org.deid.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the OPENTOKEN profile against OpenToken's real output: normalizing every row of
 * OpenToken's sample, building its T1..T5 signatures and hashing them with the JDK reproduces
 * hashed-output.csv line for line, and the invalid counts match output.metadata.json.
 */
class OpenTokenSampleSignaturesTest {
  private static final String ZERO_TOKEN = "0".repeat(64);
  private static final byte[] HASHING_KEY = "HashingKey".getBytes(StandardCharsets.UTF_8);

  /** One part of a rule: an attribute, optionally cut to its first {@code length} characters. */
  private record Part(Attribute attribute, int length) {
    String apply(String value) {
      return length > 0 && value.length() > length ? value.substring(0, length) : value;
    }
  }

  private record Rule(String id, List<Part> parts) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "T1",
              List.of(
                  part(Attribute.LAST_NAME),
                  part(Attribute.FIRST_NAME, 1),
                  part(Attribute.SEX),
                  part(Attribute.BIRTH_DATE))),
          new Rule(
              "T2",
              List.of(
                  part(Attribute.LAST_NAME),
                  part(Attribute.FIRST_NAME),
                  part(Attribute.BIRTH_DATE),
                  part(Attribute.POSTAL_CODE, 3))),
          new Rule(
              "T3",
              List.of(
                  part(Attribute.LAST_NAME),
                  part(Attribute.FIRST_NAME),
                  part(Attribute.SEX),
                  part(Attribute.BIRTH_DATE))),
          new Rule(
              "T4", List.of(part(Attribute.SSN), part(Attribute.SEX), part(Attribute.BIRTH_DATE))),
          new Rule(
              "T5",
              List.of(
                  part(Attribute.LAST_NAME), part(Attribute.FIRST_NAME, 3), part(Attribute.SEX))));

  /** OpenToken's column names in sample.csv and its attribute names in the metadata. */
  private static final Map<Attribute, String> OPENTOKEN_NAMES =
      Map.of(
          Attribute.FIRST_NAME,
          "FirstName",
          Attribute.LAST_NAME,
          "LastName",
          Attribute.BIRTH_DATE,
          "BirthDate",
          Attribute.SEX,
          "Sex",
          Attribute.SSN,
          "SocialSecurityNumber",
          Attribute.POSTAL_CODE,
          "PostalCode");

  private static final Map<Attribute, AttributeNormalizer> NORMALIZERS =
      new EnumMap<>(Attribute.class);

  private static List<String> expectedLines;
  private static List<String> actualLines;
  private static Map<Attribute, Integer> invalidCounts;

  private static Part part(Attribute attribute) {
    return new Part(attribute, 0);
  }

  private static Part part(Attribute attribute, int length) {
    return new Part(attribute, length);
  }

  @BeforeAll
  static void tokenizeSample() throws Exception {
    // The reference run happened before 2026; 2050-09-22 must be in the future, 2024-08-11 not.
    LocalDate today = LocalDate.of(2026, 1, 1);
    for (Attribute attribute : OPENTOKEN_NAMES.keySet()) {
      NORMALIZERS.put(
          attribute, Normalizers.forAttribute(attribute, NormalizationProfile.OPENTOKEN, today));
    }
    expectedLines = readLines("/opentoken/hashed-output.csv");
    actualLines = new ArrayList<>();
    actualLines.add("RuleId,Token,RecordId");
    invalidCounts = new EnumMap<>(Attribute.class);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HASHING_KEY, "HmacSHA256"));
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");

    try (InputStream in = resource("/opentoken/sample.csv");
        CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(in)) {
      List<String> header = null;
      for (CsvRecord record : csv) {
        if (header == null) {
          header = record.getFields();
          continue;
        }
        Map<Attribute, String> raw = new EnumMap<>(Attribute.class);
        for (Map.Entry<Attribute, String> column : OPENTOKEN_NAMES.entrySet()) {
          raw.put(column.getKey(), record.getField(header.indexOf(column.getValue())));
        }
        String recordId = record.getField(header.indexOf("RecordId"));
        Set<Attribute> invalidInRow = EnumSet.noneOf(Attribute.class);
        for (Rule rule : RULES) {
          String token = token(rule, raw, invalidInRow, mac, sha256);
          actualLines.add(rule.id() + "," + token + "," + recordId);
        }
        invalidInRow.forEach(a -> invalidCounts.merge(a, 1, Integer::sum));
      }
    }
  }

  /**
   * Like OpenToken's TokenGenerator: a rule stops at its first invalid attribute, and only that
   * attribute is counted as invalid (so a later invalid attribute of the same rule is not seen).
   */
  private static String token(
      Rule rule,
      Map<Attribute, String> raw,
      Set<Attribute> invalidInRow,
      Mac mac,
      MessageDigest sha256)
      throws GeneralSecurityException {
    StringJoiner signature = new StringJoiner("|");
    for (Part part : rule.parts()) {
      Normalized normalized =
          NORMALIZERS.get(part.attribute()).normalize(raw.get(part.attribute()));
      if (!normalized.isValid()) {
        invalidInRow.add(part.attribute());
        return ZERO_TOKEN;
      }
      signature.add(part.apply(normalized.value()));
    }
    byte[] digest = sha256.digest(signature.toString().getBytes(StandardCharsets.UTF_8));
    byte[] hmac = mac.doFinal(HexFormat.of().formatHex(digest).getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(hmac);
  }

  @Test
  void openTokenProfile_onOpenTokenSample_reproducesEveryHashedOutputLine() {
    assertThat(expectedLines).hasSize(526);
    for (int i = 0; i < expectedLines.size(); i++) {
      assertThat(actualLines.get(i))
          .as("hashed-output.csv line %d", i + 1)
          .isEqualTo(expectedLines.get(i));
    }
    assertThat(actualLines).hasSameSizeAs(expectedLines);
  }

  @Test
  void openTokenProfile_onOpenTokenSample_countsInvalidAttributesLikeOpenTokenMetadata()
      throws IOException {
    JsonNode byType;
    try (InputStream in = resource("/opentoken/output.metadata.json")) {
      byType = new ObjectMapper().readTree(in).get("InvalidAttributesByType");
    }
    for (Map.Entry<Attribute, String> entry : OPENTOKEN_NAMES.entrySet()) {
      assertThat(invalidCounts.getOrDefault(entry.getKey(), 0))
          .as("invalid %s", entry.getValue())
          .isEqualTo(byType.get(entry.getValue()).asInt());
    }
  }

  private static List<String> readLines(String name) throws IOException {
    try (InputStream in = resource(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.split("\n"));
    }
  }

  private static InputStream resource(String name) {
    InputStream in = OpenTokenSampleSignaturesTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing test resource " + name));
    }
    return in;
  }
}
