package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private CliProcess.Result tokenize(String... extra) {
    String[] base = {
      "tokenize",
      "--policy",
      Examples.safeHarborPolicy().toString(),
      "--keys",
      Examples.demoKeys().toString()
    };
    String[] args = Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
    return CliProcess.run(dir, args);
  }

  @Test
  void tokenize_sampleWithSafeHarborPolicy_writesOutputReportAndSummary() throws IOException {
    CliProcess.Result result = tokenize("--out", "out", Examples.patients().toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path output = dir.resolve("out/patients.csv");
    Path report = dir.resolve("out/patients.report.json");
    assertThat(output).exists();
    assertThat(report).exists();
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).startsWith("token_T1,token_T2,token_T3,token_T4,token_T5,");
    assertThat(lines.get(0)).doesNotContain("first_name", "ssn", "phone", "email", "mrn");
    assertThat(lines).hasSize(1201);
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(json.at("/rows/read").asLong()).isEqualTo(1200);
    assertThat(json.at("/rows/written").asLong()).isEqualTo(1200);
    assertThat(json.at("/rows/rejected").asLong()).isZero();
    assertThat(json.at("/policy/sha256").asText()).hasSize(64);
    assertThat(json.at("/keys")).isNotEmpty();
    assertThat(json.at("/token_rules/0/rule").asText()).isEqualTo("T1");
    assertThat(json.at("/actions/first_name").asText()).isEqualTo("drop");
    assertThat(json.at("/actions/zip").asText()).isEqualTo("zip3");
    assertThat(result.stderr()).contains("1,200 rows read");
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("patients.csv", "patients.report.json");
    }
  }

  @Test
  void tokenize_oneThreadOrAll_byteIdenticalOutput() throws IOException {
    assertThat(
            tokenize("--threads", "1", "-o", "one.csv", Examples.patients().toString()).exitCode())
        .isZero();
    assertThat(
            tokenize("--threads", "4", "-o", "four.csv", Examples.patients().toString()).exitCode())
        .isZero();

    assertThat(Files.readAllBytes(dir.resolve("one.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("four.csv")));
    assertThat(dir.resolve("one.report.json")).exists();
  }

  @Test
  void tokenize_shuffleWithSeed_sameRowsOtherOrderAndRepeatable() throws IOException {
    tokenize("-o", "plain.csv", Examples.patients().toString());
    tokenize("--shuffle", "7", "-o", "a.csv", Examples.patients().toString());
    tokenize("--shuffle", "7", "--threads", "1", "-o", "b.csv", Examples.patients().toString());

    List<String> plain = Files.readAllLines(dir.resolve("plain.csv"));
    List<String> shuffled = Files.readAllLines(dir.resolve("a.csv"));
    assertThat(shuffled).isNotEqualTo(plain).containsExactlyInAnyOrderElementsOf(plain);
    assertThat(shuffled.get(0)).isEqualTo(plain.get(0));
    assertThat(Files.readAllBytes(dir.resolve("b.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("a.csv")));
  }

  @Test
  void tokenize_existingOutput_refusesWithoutForceAndKeepsIt() throws IOException {
    Files.writeString(dir.resolve("taken.csv"), "keep me");

    CliProcess.Result result = tokenize("-o", "taken.csv", Examples.patients().toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("taken.csv", "--force");
    assertThat(Files.readString(dir.resolve("taken.csv"))).isEqualTo("keep me");
  }

  @Test
  void tokenize_withoutKeys_exitsThreeAndWritesNothing() {
    CliProcess.Result result =
        CliProcess.run(
            dir,
            "tokenize",
            "--policy",
            Examples.safeHarborPolicy().toString(),
            "--out",
            "out",
            Examples.patients().toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.stderr()).contains("DEID_KEYS");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void tokenize_keysFromEnvironmentFile_sameOutputAsKeysOption() throws IOException {
    tokenize("-o", "flag.csv", Examples.patients().toString());
    CliProcess.Result result =
        CliProcess.run(
            dir,
            Map.of("DEID_KEYS_FILE", Examples.demoKeys().toString()),
            new byte[0],
            "tokenize",
            "--policy",
            Examples.safeHarborPolicy().toString(),
            "-o",
            "env.csv",
            Examples.patients().toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("env.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("flag.csv")));
  }

  @Test
  void tokenize_unmappedColumn_exitsThreeListsColumnsAndWritesNothing() throws IOException {
    List<String> lines = Files.readAllLines(Examples.patients());
    StringBuilder csv = new StringBuilder(lines.get(0) + ",nickname,pager\n");
    for (String line : lines.subList(1, 20)) {
      csv.append(line).append(",Bob,555-1234\n");
    }
    Files.writeString(dir.resolve("feed.csv"), csv);

    CliProcess.Result result = tokenize("--out", "out", "feed.csv");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.stderr()).contains("nickname", "pager");
    assertThat(result.stderr()).doesNotContain("Bob", "555-1234");
    assertThat(dir.resolve("out/feed.csv")).doesNotExist();
    assertThat(dir.resolve("out/feed.report.json")).doesNotExist();
  }

  @Test
  void tokenize_malformedRows_rejectedWithLineNumbersInReport() throws IOException {
    List<String> lines = Files.readAllLines(Examples.patients());
    String csv =
        String.join(
                "\n",
                lines.get(0),
                lines.get(1),
                "R9,too,few,fields",
                lines.get(2),
                lines.get(3) + ",extra")
            + "\n";
    Files.writeString(dir.resolve("bad.csv"), csv);

    CliProcess.Result result = tokenize("--out", "out", "bad.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode report = JSON.readTree(dir.resolve("out/bad.report.json").toFile());
    assertThat(report.at("/rows/read").asLong()).isEqualTo(4);
    assertThat(report.at("/rows/written").asLong()).isEqualTo(2);
    assertThat(report.at("/rows/rejected").asLong()).isEqualTo(2);
    assertThat(report.at("/rejected_lines_by_reason/field_count").toString()).isEqualTo("[3,5]");
    assertThat(Files.readAllLines(dir.resolve("out/bad.csv"))).hasSize(3);
  }

  @Test
  void tokenize_maxRejectsExceeded_exitsFourAndWritesNothing() throws IOException {
    List<String> lines = Files.readAllLines(Examples.patients());
    Files.writeString(dir.resolve("bad.csv"), lines.get(0) + "\n" + lines.get(1) + "\nx,y\nz\n");

    CliProcess.Result result = tokenize("--max-rejects", "1", "--out", "out", "bad.csv");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.stderr()).contains("bad.csv", "line 4");
    assertThat(dir.resolve("out/bad.csv")).doesNotExist();
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files).as("no temporary file left behind").isEmpty();
    }
  }

  @Test
  void tokenize_directory_keepsStructureAndSkipsHiddenFiles() throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in.resolve("2026/jan"));
    Files.copy(Examples.patients(), in.resolve("2026/jan/a.csv"));
    Files.copy(Examples.patients(), in.resolve("b.csv"));
    Files.writeString(in.resolve(".hidden.csv"), "not,data\n");

    CliProcess.Result result = tokenize("--out", "out", "in");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(dir.resolve("out/2026/jan/a.csv")).exists();
    assertThat(dir.resolve("out/2026/jan/a.report.json")).exists();
    assertThat(dir.resolve("out/b.csv")).exists();
    assertThat(dir.resolve("out/.hidden.csv")).doesNotExist();
  }

  @Test
  void tokenize_gzipInput_givesGzipOutputEqualToPlainRun() throws IOException {
    Path gz = dir.resolve("patients.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(Examples.patients(), out);
    }
    tokenize("-o", "plain.csv", Examples.patients().toString());
    CliProcess.Result result = tokenize("--out", "out", gz.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    byte[] unzipped;
    try (GZIPInputStream in =
        new GZIPInputStream(Files.newInputStream(dir.resolve("out/patients.csv.gz")))) {
      unzipped = in.readAllBytes();
    }
    assertThat(unzipped).isEqualTo(Files.readAllBytes(dir.resolve("plain.csv")));
    assertThat(dir.resolve("out/patients.report.json")).exists();
  }

  @Test
  void tokenize_stdinToStdout_sameBytesAsFileRun() throws IOException {
    tokenize("-o", "file.csv", Examples.patients().toString());
    CliProcess.Result result =
        CliProcess.run(
            dir,
            Map.of(),
            Files.readAllBytes(Examples.patients()),
            "tokenize",
            "--policy",
            Examples.safeHarborPolicy().toString(),
            "--keys",
            Examples.demoKeys().toString(),
            "-");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdoutBytes()).isEqualTo(Files.readAllBytes(dir.resolve("file.csv")));
  }

  @Test
  void tokenize_missingInput_exitsOneNamingIt() {
    CliProcess.Result result = tokenize("--out", "out", "nope.csv");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("nope.csv");
  }

  @Test
  void keysGenerate_writesPrivateFileThatTokenizes() throws IOException {
    CliProcess.Result result = CliProcess.run(dir, "keys", "generate", "--out", "k.json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(Files.getPosixFilePermissions(dir.resolve("k.json")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    CliProcess.Result again = CliProcess.run(dir, "keys", "generate", "--out", "k.json");
    assertThat(again.exitCode()).isEqualTo(1);
    CliProcess.Result run =
        CliProcess.run(
            dir,
            "tokenize",
            "--policy",
            Examples.safeHarborPolicy().toString(),
            "--keys",
            "k.json",
            "-o",
            "o.csv",
            Examples.patients().toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @Test
  void policyCheck_examplePolicyAgainstSample_reportsCovered() {
    CliProcess.Result result =
        CliProcess.run(
            dir,
            "policy",
            "check",
            Examples.safeHarborPolicy().toString(),
            "--input",
            Examples.patients().toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("valid", "every column is covered");
  }

  @Test
  void policyCheck_invalidPolicy_exitsThreeWithKeyPath() throws IOException {
    Files.writeString(
        dir.resolve("bad.yaml"),
        Files.readString(Examples.safeHarborPolicy()).replace("version:", "versoin:"));

    CliProcess.Result result = CliProcess.run(dir, "policy", "check", "bad.yaml");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.stderr()).contains("bad.yaml", "versoin");
  }

  @Test
  void tokenize_failStrategyAndMalformedRow_exitsOneNamingLineAndWritesNothing()
      throws IOException {
    Files.writeString(
        dir.resolve("strict.yaml"),
        Files.readString(Examples.safeHarborPolicy())
            .replace("malformed_rows: reject", "malformed_rows: fail"));
    List<String> lines = Files.readAllLines(Examples.patients());
    Files.writeString(
        dir.resolve("bad.csv"),
        lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2) + "\nR1,\"unclosed\n");

    CliProcess.Result result =
        CliProcess.run(
            dir,
            "tokenize",
            "--policy",
            "strict.yaml",
            "--keys",
            Examples.demoKeys().toString(),
            "--out",
            "out",
            "bad.csv");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.stderr()).contains("bad.csv", "line 4");
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files).as("nothing under the final name, no temporary file").isEmpty();
    }
  }

  @Test
  void tokenize_inputMuchLargerThanHeap_streamsWithFlatMemory() throws IOException {
    // 250,000 rows (about 48 MB) through a JVM limited to a 48 MB heap: only streaming can pass.
    List<String> lines = Files.readAllLines(Examples.patients());
    Path big = dir.resolve("big.csv");
    try (java.io.BufferedWriter out = Files.newBufferedWriter(big)) {
      out.write(lines.get(0));
      out.write('\n');
      for (int i = 0; i < 250_000; i++) {
        out.write(lines.get(1 + i % (lines.size() - 1)));
        out.write('\n');
      }
    }

    CliProcess.Result result =
        CliProcess.runWithJvmOptions(
            dir,
            List.of("-Xmx48m"),
            "tokenize",
            "--policy",
            Examples.safeHarborPolicy().toString(),
            "--keys",
            Examples.demoKeys().toString(),
            "--out",
            "out",
            "big.csv");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("250,000 rows read");
    assertThat(Files.size(dir.resolve("out/big.csv"))).isGreaterThan(Files.size(big) / 3);
  }
}
