package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void tokenize_hashOnlySample_reproducesOpenTokenOutputByteForByte() throws IOException {
    CliProcess.Result result =
        CliProcess.run(
            dir,
            "opentoken",
            "tokenize",
            "sample.csv",
            "out.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--hash-only");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readString(dir.resolve("out.csv")))
        .isEqualTo(Files.readString(dir.resolve("hashed-output.csv")));
    JsonNode metadata = new ObjectMapper().readTree(dir.resolve("out.metadata.json").toFile());
    JsonNode reference = new ObjectMapper().readTree(dir.resolve("output.metadata.json").toFile());
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
        CliProcess.run(
            dir,
            "opentoken",
            "decrypt",
            "output.csv",
            "plain.csv",
            "--encryption-key-file",
            "encryption.key");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readString(dir.resolve("plain.csv")))
        .isEqualTo(Files.readString(dir.resolve("hashed-output.csv")));
  }

  @Test
  void tokenize_encryptedMode_decryptsToHashOnlyTokens() throws IOException {
    CliProcess.Result encrypt =
        CliProcess.run(
            dir,
            "opentoken",
            "tokenize",
            "sample.csv",
            "enc.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--encryption-key-file",
            "encryption.key");
    assertThat(encrypt.exitCode()).as(encrypt.toString()).isZero();
    String encrypted = Files.readString(dir.resolve("enc.csv"));
    assertThat(encrypted).isNotEqualTo(Files.readString(dir.resolve("hashed-output.csv")));
    assertThat(encrypted.lines().skip(1).findFirst().orElseThrow().split(",")[1]).hasSize(96);

    CliProcess.Result decrypt =
        CliProcess.run(
            dir,
            "opentoken",
            "decrypt",
            "enc.csv",
            "dec.csv",
            "--encryption-key-file",
            "encryption.key");

    assertThat(decrypt.exitCode()).as(decrypt.toString()).isZero();
    assertThat(Files.readString(dir.resolve("dec.csv")))
        .isEqualTo(Files.readString(dir.resolve("hashed-output.csv")));
  }

  @Test
  void tokenize_wrongLengthKey_failsNamingTheOptionAndWritesNothing() throws IOException {
    Files.writeString(dir.resolve("short.key"), "too-short");

    CliProcess.Result result =
        CliProcess.run(
            dir,
            "opentoken",
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
        CliProcess.run(
            dir,
            "opentoken",
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
    CliProcess.Result result =
        CliProcess.run(
            dir,
            "opentoken",
            "tokenize",
            "missing.csv",
            "out.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--hash-only");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("missing.csv");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void tokenize_noUsableColumn_failsAndWritesNothing() throws IOException {
    Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n", StandardCharsets.UTF_8);

    CliProcess.Result result =
        CliProcess.run(
            dir,
            "opentoken",
            "tokenize",
            "other.csv",
            "out.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--hash-only");

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

    CliProcess.Result result =
        CliProcess.run(
            dir,
            "opentoken",
            "tokenize",
            "ssn.csv",
            "out.csv",
            "--hashing-secret-file",
            "hashing.secret",
            "--hash-only",
            "--map",
            "ssn=SSN");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readString(dir.resolve("out.csv")))
        .isEqualTo(Files.readString(dir.resolve("hashed-output.csv")));
  }
}
