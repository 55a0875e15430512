package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.deid.core.key.KeyFingerprints;
import org.deid.core.key.SecretBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deid opentoken} against OpenToken's own sample input and reference outputs. */
class OpenTokenCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void copySamples() throws IOException {
    for (String name :
        List.of("sample.csv", "hashed-output.csv", "output.csv", "output.metadata.json")) {
      try (InputStream in = getClass().getResourceAsStream("/opentoken/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    Files.writeString(dir.resolve("hashing.secret"), "HashingKey\n");
    Files.writeString(dir.resolve("encryption.key"), "Secret-Encryption-Key-Goes-Here.");
  }

  private CliProcess.Result opentoken(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "opentoken";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliProcess.run(dir, all);
  }

  /** {@code opentoken tokenize INPUT OUTPUT} with the sample's hashing secret, hash-only. */
  private CliProcess.Result hashOnly(String input, String output, String... extra) {
    String[] args = {
      "tokenize", input, output, "--hashing-secret-file", "hashing.secret", "--hash-only"
    };
    String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return opentoken(all);
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private JsonNode json(String name) throws IOException {
    return new ObjectMapper().readTree(dir.resolve(name).toFile());
  }

  @Test
  void tokenize_hashOnlySample_reproducesOpenTokenOutputByteForByte() throws IOException {
    CliProcess.Result result = hashOnly("sample.csv", "out.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(read("out.csv")).isEqualTo(read("hashed-output.csv"));
    JsonNode metadata = json("out.metadata.json");
    JsonNode reference = json("output.metadata.json");
    assertThat(metadata.get("TotalRows")).isEqualTo(reference.get("TotalRows"));
    assertThat(metadata.get("TotalRowsWithInvalidAttributes"))
        .isEqualTo(reference.get("TotalRowsWithInvalidAttributes"));
    assertThat(metadata.get("InvalidAttributesByType"))
        .isEqualTo(reference.get("InvalidAttributesByType"));
    assertThat(metadata.get("BlankTokensByRule")).isEqualTo(reference.get("BlankTokensByRule"));
    assertThat(metadata.get("HashingSecretHash").asText())
        .as("a keyed fingerprint, not OpenToken's plain SHA-256 of the secret")
        .isNotEqualTo(reference.get("HashingSecretHash").asText());
  }

  @Test
  void decrypt_openTokenEncryptedSample_givesItsHashOnlyOutput() throws IOException {
    CliProcess.Result result =
        opentoken("decrypt", "output.csv", "plain.csv", "--encryption-key-file", "encryption.key");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(read("plain.csv")).isEqualTo(read("hashed-output.csv"));
  }

  @Test
  void tokenize_encryptedMode_decryptsToHashOnlyTokens() throws IOException {
    CliProcess.Result encrypt =
        opentoken(
            "tokenize",
            "sample.csv",
            "enc.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--encryption-key-file",
            "encryption.key");
    assertThat(encrypt.exitCode()).as(encrypt.toString()).isZero();
    assertThat(json("enc.metadata.json").get("EncryptionSecretHash").asText())
        .as("a keyed fingerprint of the encryption key, not OpenToken's plain SHA-256")
        .isEqualTo(
            KeyFingerprints.of(
                SecretBytes.copyOf(
                    "Secret-Encryption-Key-Goes-Here.".getBytes(StandardCharsets.UTF_8))))
        .isNotEqualTo(json("output.metadata.json").get("EncryptionSecretHash").asText());
    String encrypted = read("enc.csv");
    assertThat(encrypted).isNotEqualTo(read("hashed-output.csv"));
    assertThat(encrypted.lines().skip(1).findFirst().orElseThrow().split(",")[1]).hasSize(96);

    CliProcess.Result decrypt =
        opentoken("decrypt", "enc.csv", "dec.csv", "--encryption-key-file", "encryption.key");

    assertThat(decrypt.exitCode()).as(decrypt.toString()).isZero();
    assertThat(read("dec.csv")).isEqualTo(read("hashed-output.csv"));
  }

  @Test
  void tokenize_wrongLengthKey_failsNamingTheOptionAndWritesNothing() throws IOException {
    Files.writeString(dir.resolve("short.key"), "too-short");

    CliProcess.Result result =
        opentoken(
            "tokenize",
            "sample.csv",
            "out.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--encryption-key-file",
            "short.key");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr()).contains("--encryption-key-file", "32 bytes");
    assertThat(result.stderr()).doesNotContain("too-short");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void tokenize_missingSecretFile_failsNamingIt() {
    CliProcess.Result result =
        opentoken(
            "tokenize",
            "sample.csv",
            "out.csv",
            "--hashing-secret-file",
            "nope.secret",
            "--hash-only");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr()).contains("nope.secret");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void tokenize_unreadableInput_failsNamingIt() {
    CliProcess.Result result = hashOnly("missing.csv", "out.csv");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("missing.csv");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void tokenize_noUsableColumn_failsAndWritesNothing() throws IOException {
    Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n", StandardCharsets.UTF_8);

    CliProcess.Result result = hashOnly("other.csv", "out.csv");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr()).contains("other.csv", "no usable column");
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(dir.resolve("out.metadata.json")).doesNotExist();
  }

  @Test
  void tokenize_ssnColumnMappedExplicitly_fillsT4() throws IOException {
    String renamed =
        Files.readString(dir.resolve("sample.csv")).replaceFirst("SocialSecurityNumber", "SSN");
    Files.writeString(dir.resolve("ssn.csv"), renamed);

    CliProcess.Result result = hashOnly("ssn.csv", "out.csv", "--map", "ssn=SSN");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(read("out.csv")).isEqualTo(read("hashed-output.csv"));
  }

  @Test
  void tokenize_hashOnlySample_metadataHasKeyedFingerprintAndRunFacts() throws IOException {
    CliProcess.Result result = hashOnly("sample.csv", "out.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode metadata = json("out.metadata.json");
    String expected =
        KeyFingerprints.of(SecretBytes.copyOf("HashingKey".getBytes(StandardCharsets.UTF_8)));
    assertThat(metadata.get("HashingSecretHash").asText()).isEqualTo(expected).hasSize(16);
    assertThat(metadata.has("EncryptionSecretHash")).isFalse();
    assertThat(metadata.get("SecretFingerprintMethod").asText()).contains("HMAC-SHA256");
    assertThat(metadata.get("OpenTokenVersion").asText()).isEqualTo("1.12.5");
    assertThat(metadata.get("BirthDatesValidUntil").asText())
        .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(metadata.get("AttributesWithoutColumn")).isEmpty();
    assertThat(metadata.get("IgnoredColumns")).isEmpty();
    assertThat(metadata.get("RejectedRecords").asLong()).isZero();
    assertThat(result.stderr()).doesNotContain("HashingKey").doesNotContain("warning");
  }

  @Test
  void tokenize_secretFileWithCrlfOrWithoutNewline_sameTokens() throws IOException {
    Files.writeString(dir.resolve("crlf.secret"), "HashingKey\r\n");
    Files.writeString(dir.resolve("bare.secret"), "HashingKey");

    CliProcess.Result crlf =
        opentoken(
            "tokenize",
            "sample.csv",
            "a.csv",
            "--hashing-secret-file",
            "crlf.secret",
            "--hash-only");
    CliProcess.Result bare =
        opentoken(
            "tokenize",
            "sample.csv",
            "b.csv",
            "--hashing-secret-file",
            "bare.secret",
            "--hash-only");

    assertThat(crlf.exitCode()).as(crlf.toString()).isZero();
    assertThat(bare.exitCode()).as(bare.toString()).isZero();
    assertThat(read("a.csv")).isEqualTo(read("hashed-output.csv"));
    assertThat(read("b.csv")).isEqualTo(read("hashed-output.csv"));
  }

  @Test
  void tokenize_ssnColumnNotMapped_warnsAndRecordsTheMissingAttribute() throws IOException {
    Files.writeString(
        dir.resolve("ssn.csv"), read("sample.csv").replaceFirst("SocialSecurityNumber", "SSN"));

    CliProcess.Result result = hashOnly("ssn.csv", "out.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr())
        .contains("warning: no column for SocialSecurityNumber", "unused columns: SSN", "--map");
    JsonNode metadata = json("out.metadata.json");
    assertThat(metadata.get("AttributesWithoutColumn").toString())
        .isEqualTo("[\"SocialSecurityNumber\"]");
    assertThat(metadata.get("IgnoredColumns").toString()).isEqualTo("[\"SSN\"]");
    assertThat(metadata.get("BlankTokensByRule").get("T4").asLong()).isEqualTo(105);
  }

  @Test
  void tokenize_lenient_acceptsUpperCaseSexAndSpacedDatesOffByDefault() throws IOException {
    Files.writeString(
        dir.resolve("people.csv"),
        "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\n"
            + "a,John,Smith,1980-01-15,Male,98004,452-38-7291\n"
            + "b,John,Smith,1980-01-15,MALE,98004,452-38-7291\n"
            + "c,John,Smith, 1/15/1980 ,Male,98004,452-38-7291\n");

    CliProcess.Result strict = hashOnly("people.csv", "strict.csv");
    CliProcess.Result lenient = hashOnly("people.csv", "lenient.csv", "--lenient");

    assertThat(strict.exitCode()).as(strict.toString()).isZero();
    assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
    List<String> strictT1 = tokensOfRule(read("strict.csv"), "T1");
    List<String> lenientT1 = tokensOfRule(read("lenient.csv"), "T1");
    String blank = "0".repeat(64);
    assertThat(strictT1.get(0)).hasSize(44);
    assertThat(strictT1.subList(1, 3)).containsOnly(blank);
    assertThat(lenientT1).containsOnly(strictT1.get(0));
  }

  @Test
  void tokenize_malformedRecord_isSkippedAndCountedInMetadata() throws IOException {
    Files.writeString(
        dir.resolve("bad.csv"),
        "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\n"
            + "a,John,Smith,1980-01-15,Male,98004,452-38-7291\n"
            + "b,John,Smith,1980-01-15,Male,98004\n"
            + "c,Ann,Lee,1990-02-01,Female,98004,452-38-7292\n");

    CliProcess.Result result = hashOnly("bad.csv", "out.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(read("out.csv").lines()).hasSize(1 + 2 * 5);
    assertThat(json("out.metadata.json").get("RejectedRecords").asLong()).isEqualTo(1);
    assertThat(json("out.metadata.json").get("TotalRows").asLong()).isEqualTo(2);
  }

  @Test
  void tokenize_outputNamesTheInput_refusedAsUsageError() throws IOException {
    String before = read("sample.csv");

    CliProcess.Result result = hashOnly("sample.csv", "sample.csv", "--force");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("sample.csv: output would replace its input");
    assertThat(read("sample.csv")).isEqualTo(before);
  }

  @Test
  void tokenize_missingModeOption_isUsageError() {
    CliProcess.Result result =
        opentoken("tokenize", "sample.csv", "out.csv", "--hashing-secret-file", "hashing.secret");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--hash-only", "--encryption-key-file");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void decrypt_wrongKey_failsNamingFileAndLineAndWritesNothing() throws IOException {
    Files.writeString(dir.resolve("wrong.key"), "Secret-Encryption-Key-Goes-Here!");

    CliProcess.Result result =
        opentoken("decrypt", "output.csv", "plain.csv", "--encryption-key-file", "wrong.key");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("output.csv: line 2, column 2");
    assertThat(result.stderr()).doesNotContain("Secret-Encryption");
    assertThat(dir.resolve("plain.csv")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void decrypt_missingOrShortKey_exitsThreeNamingTheOption() throws IOException {
    Files.writeString(dir.resolve("short.key"), "short\n");

    CliProcess.Result missing =
        opentoken("decrypt", "output.csv", "plain.csv", "--encryption-key-file", "absent.key");
    CliProcess.Result shortKey =
        opentoken("decrypt", "output.csv", "plain.csv", "--encryption-key-file", "short.key");

    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.stderr()).contains("--encryption-key-file absent.key: no such file");
    assertThat(shortKey.exitCode()).isEqualTo(3);
    assertThat(shortKey.stderr()).contains("--encryption-key-file short.key", "32 bytes");
    assertThat(dir.resolve("plain.csv")).doesNotExist();
  }

  private List<String> leftovers() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  private static List<String> tokensOfRule(String csv, String rule) {
    return csv.lines()
        .skip(1)
        .map(line -> line.split(",", -1))
        .filter(fields -> fields[0].equals(rule))
        .map(fields -> fields[1])
        .toList();
  }

  @Test
  void tokenize_inputMuchLargerThanHeap_streamsAndThreadCountDoesNotChangeBytes()
      throws IOException {
    // 100,000 rows give 500,000 output lines (about 40 MB) through a 48 MB heap.
    List<String> sample = read("sample.csv").lines().toList();
    try (java.io.BufferedWriter out = Files.newBufferedWriter(dir.resolve("big.csv"))) {
      out.write(sample.get(0));
      out.write('\n');
      for (int i = 0; i < 100_000; i++) {
        String row = sample.get(1 + i % (sample.size() - 1));
        out.write("id-" + i + row.substring(row.indexOf(',')));
        out.write('\n');
      }
    }

    CliProcess.Result small =
        CliProcess.runWithJvmOptions(
            dir,
            List.of("-Xmx48m"),
            "opentoken",
            "tokenize",
            "big.csv",
            "a.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--hash-only",
            "--threads",
            "3");
    CliProcess.Result one = hashOnly("big.csv", "b.csv", "--threads", "1");

    assertThat(small.exitCode()).as(small.toString()).isZero();
    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv"))).isEqualTo(-1L);
    List<String> head;
    try (java.util.stream.Stream<String> lines = Files.lines(dir.resolve("a.csv"))) {
      head = lines.limit(11).toList();
    }
    assertThat(head.get(1)).endsWith(",id-0");
    assertThat(head.get(10)).startsWith("T5,").endsWith(",id-1");
  }
}
