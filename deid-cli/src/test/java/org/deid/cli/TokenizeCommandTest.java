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
    return CliProcess.run(dir, Examples.tokenizeArgs(extra));
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
    assertNothingWritten(dir.resolve("out"));
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
            dir, Map.of(), Files.readAllBytes(Examples.patients()), Examples.tokenizeArgs("-"));

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

    CliProcess.Result result = run("strict.yaml", "--out", "out", "bad.csv");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.stderr()).contains("bad.csv", "line 4");
    assertNothingWritten(dir.resolve("out"));
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
            dir, List.of("-Xmx48m"), Examples.tokenizeArgs("--out", "out", "big.csv"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("250,000 rows read");
    assertThat(Files.size(dir.resolve("out/big.csv"))).isGreaterThan(Files.size(big) / 3);
  }

  @Test
  void usageErrors_exitTwo() throws IOException {
    assertThat(tokenize("--bogus", "x.csv").exitCode()).isEqualTo(2);
    assertThat(CliProcess.run(dir, "keys", "generate").exitCode()).isEqualTo(2);
    assertThat(CliProcess.run(dir, "policy", "check").exitCode()).isEqualTo(2);
    assertThat(CliProcess.run(dir, "no-such-command").exitCode()).isEqualTo(2);
    assertThat(tokenize(Examples.patients().toString()).exitCode())
        .as("no --out or -o")
        .isEqualTo(2);
    assertThat(tokenize("--threads", "0", "-o", "o.csv", Examples.patients().toString()).stderr())
        .contains("--threads must be at least 1");
    assertThat(tokenize("--threads", "0", "-o", "o.csv", Examples.patients().toString()).exitCode())
        .isEqualTo(2);
    String patients = Examples.patients().toString();
    assertThat(tokenize("--report", "r.json", "--out", "out", patients, patients).exitCode())
        .as("--report with several inputs")
        .isEqualTo(2);
    Files.writeString(dir.resolve("file"), "x");
    assertThat(tokenize("--out", "file", patients).stderr())
        .contains("--out file: exists and is not a directory");
    assertThat(dir.resolve("o.csv")).doesNotExist();
  }

  @Test
  void keysGenerate_toStandardOutput_refusedAndNothingWritten() throws IOException {
    CliProcess.Result result = CliProcess.run(dir, "keys", "generate", "--out", "-");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("never to standard output");
    assertThat(result.stdout()).doesNotContain("\"key\"");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void tokenize_truncatedGzip_exitsOneNamingTheProblemAndWritesNothing() throws IOException {
    byte[] gzip = gzip(Files.readAllBytes(Examples.patients()));
    Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(gzip, gzip.length / 2));

    CliProcess.Result result = tokenize("--out", "out", "cut.csv.gz");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.stderr()).contains("cut.csv.gz", "truncated_gzip");
    assertNothingWritten(dir.resolve("out"));
  }

  @Test
  void tokenize_stoppedBySigterm_leavesNoPartialFile() throws Exception {
    List<String> lines = Files.readAllLines(Examples.patients());
    Process process = CliProcess.start(dir, Examples.tokenizeArgs("--out", "out", "-"));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      // Standard input stays open: the run is in progress until the process is stopped.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!hasPartialFile(dir.resolve("out")) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(hasPartialFile(dir.resolve("out"))).as("the run started").isTrue();
      process.destroy();
      assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } catch (IOException stdinClosedByExit) {
      // The process may exit before the stream is closed here.
    } finally {
      process.destroyForcibly();
    }
    assertNothingWritten(dir.resolve("out"));
  }

  @Test
  void tokenize_ndjsonInput_sameTokensAsCsv() throws IOException {
    List<String> lines = Files.readAllLines(Examples.patients());
    String[] header = lines.get(0).split(",", -1);
    StringBuilder ndjson = new StringBuilder();
    for (String line : lines.subList(1, 101)) {
      String[] fields = parseCsvLine(line);
      Map<String, String> object = new java.util.LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        object.put(header[i], fields[i]);
      }
      ndjson.append(JSON.writeValueAsString(object)).append('\n');
    }
    Files.writeString(dir.resolve("p.ndjson"), ndjson);
    Files.writeString(dir.resolve("p.csv"), String.join("\n", lines.subList(0, 101)) + "\n");
    Files.writeString(
        dir.resolve("nd.yaml"),
        Files.readString(Examples.safeHarborPolicy()).replace("format: csv", "format: ndjson"));

    CliProcess.Result nd = run("nd.yaml", "--out", "nd", "p.ndjson");
    CliProcess.Result csv = tokenize("--out", "out", "p.csv");

    assertThat(nd.exitCode()).as(nd.toString()).isZero();
    assertThat(csv.exitCode()).as(csv.toString()).isZero();
    List<String> csvOut = Files.readAllLines(dir.resolve("out/p.csv"));
    List<String> ndOut = Files.readAllLines(dir.resolve("nd/p.ndjson"));
    assertThat(ndOut).hasSize(100);
    for (int i = 0; i < 100; i++) {
      JsonNode row = JSON.readTree(ndOut.get(i));
      assertThat(row.get("token_T1").asText()).isEqualTo(csvOut.get(i + 1).split(",", -1)[0]);
      assertThat(row.has("first_name")).isFalse();
    }
  }

  @Test
  void tokenize_latin1AndCp1252Inputs_sameOutputAsUtf8() throws IOException {
    String header = "first_name,last_name,birth_date,sex,notes\n";
    String rows = "Renée,Müller,1980-01-15,F,ok\nJosé,Nuñez,1975-03-02,M,x\n";
    Files.writeString(dir.resolve("u.csv"), header + rows, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("l.csv"), header + rows, StandardCharsets.ISO_8859_1);
    Files.write(
        dir.resolve("w.csv"),
        (header + rows.replace("ok", "\u201cok\u201d")).getBytes("windows-1252"));
    String policy =
        "deid_policy: 1\nname: enc\nversion: 1\nmethod: expert-determination\n"
            + "input: {format: csv, encoding: %s}\n"
            + "tokens: {rules: [T3]}\n"
            + "columns:\n  first_name: {role: first_name, action: drop}\n"
            + "  last_name: {role: last_name, action: drop}\n"
            + "  birth_date: {role: birth_date, action: drop}\n"
            + "  sex: {role: sex, action: keep}\n  notes: keep\n";
    for (String encoding : List.of("UTF-8", "ISO-8859-1", "windows-1252")) {
      Files.writeString(
          dir.resolve(encoding + ".yaml"), String.format(java.util.Locale.ROOT, policy, encoding));
    }

    CliProcess.Result utf8 = run("UTF-8.yaml", "-o", "u.out.csv", "u.csv");
    CliProcess.Result latin1 = run("ISO-8859-1.yaml", "-o", "l.out.csv", "l.csv");
    CliProcess.Result cp1252 = run("windows-1252.yaml", "-o", "w.out.csv", "w.csv");

    assertThat(utf8.exitCode()).as(utf8.toString()).isZero();
    assertThat(latin1.exitCode()).as(latin1.toString()).isZero();
    assertThat(cp1252.exitCode()).as(cp1252.toString()).isZero();
    String expected = Files.readString(dir.resolve("u.out.csv"));
    assertThat(Files.readString(dir.resolve("l.out.csv"))).isEqualTo(expected);
    assertThat(Files.readString(dir.resolve("w.out.csv")))
        .isEqualTo(expected.replace(",ok\n", ",\u201cok\u201d\n"));
    assertThat(expected.lines().skip(1).map(l -> l.split(",", -1)[0]))
        .allMatch(t -> t.length() == 71);
  }

  @Test
  void tokenize_report_namesRunFactsNeededToReproduceIt() throws IOException {
    CliProcess.Result result = tokenize("-o", "o.csv", Examples.patients().toString());
    CliProcess.Result keys =
        CliProcess.run(dir, "keys", "describe", "--keys", Examples.demoKeys().toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode report = JSON.readTree(dir.resolve("o.report.json").toFile());
    assertThat(report.at("/tool/version").asText()).isNotBlank();
    assertThat(report.at("/policy/name").asText()).isEqualTo("example-safe-harbor");
    assertThat(report.at("/policy/version").asInt()).isEqualTo(1);
    assertThat(report.at("/policy/method").asText()).isEqualTo("safe-harbor");
    assertThat(report.at("/birth_dates_valid_until/date").asText()).isEqualTo("2026-01-01");
    assertThat(report.at("/birth_dates_valid_until/source").asText()).isEqualTo("reference_date");
    for (JsonNode key : report.at("/keys")) {
      assertThat(keys.stdout())
          .contains(key.get("id").asText() + "\t" + key.get("fingerprint").asText());
    }
    assertThat(report.at("/invalid_attributes/ssn/ssn_known_fake").asLong()).isPositive();
    assertThat(report.at("/token_rules/4/fill_rate").asDouble()).isBetween(0.5, 1.0);
    assertThat(report.at("/actions/hba1c").asText()).isEqualTo("bucket");
    assertThat(report.at("/timing/threads").asInt()).isPositive();
    assertThat(report.at("/timing/seconds").isNumber()).isTrue();
    String reportText = Files.readString(dir.resolve("o.report.json"));
    JsonNode keyFile = JSON.readTree(Examples.demoKeys().toFile());
    List<String> secrets = new java.util.ArrayList<>();
    secrets.add(keyFile.at("/linkage/key").asText());
    secrets.add(keyFile.at("/prf/key").asText());
    keyFile.at("/site/keys").forEach(key -> secrets.add(key.get("key").asText()));
    for (String secret : secrets) {
      assertThat(secret).isNotBlank();
      assertThat(reportText).doesNotContain(secret.substring(0, 16));
    }
  }

  @Test
  void policyCheck_badCustomRule_exitsThreeNamingTheKeyPath() throws IOException {
    Files.writeString(
        dir.resolve("custom.yaml"),
        Files.readString(Examples.safeHarborPolicy())
            .replace(
                "  column_prefix: token_",
                "  custom:\n    - {id: C1, expression: 'sondex(last_name)'}\n"
                    + "  column_prefix: token_"));

    CliProcess.Result result = CliProcess.run(dir, "policy", "check", "custom.yaml");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.stderr())
        .contains("custom.yaml: tokens.custom[0].expression: rule C1: unknown function 'sondex'");
  }

  private CliProcess.Result run(String policy, String... rest) {
    return CliProcess.run(dir, Examples.tokenizeArgsWithPolicy(policy, rest));
  }

  private static void assertNothingWritten(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).as("nothing under the final name, no temporary file").isEmpty();
    }
  }

  private static boolean hasPartialFile(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".partial"));
    }
  }

  private static byte[] gzip(byte[] content) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  /** Splits one CSV line of the sample (quotes only around fields with commas). */
  private static String[] parseCsvLine(String line) throws IOException {
    try (de.siegmar.fastcsv.reader.CsvReader<de.siegmar.fastcsv.reader.CsvRecord> reader =
        de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(line)) {
      return reader.iterator().next().getFields().toArray(new String[0]);
    }
  }
}
