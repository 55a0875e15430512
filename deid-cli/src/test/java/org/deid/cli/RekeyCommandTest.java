package org.deid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deid rekey} with local key files (the server-config path is tested in deid-server). */
class RekeyCommandTest {
  @TempDir Path dir;

  private CliProcess.Result tokenize(Path keys, String out) {
    return CliProcess.run(
        dir,
        "tokenize",
        "--policy",
        Examples.safeHarborPolicy().toString(),
        "--keys",
        keys.toString(),
        "--quiet",
        "--out",
        out,
        Examples.patients().toString());
  }

  @Test
  void rekey_withRotatedKeyFile_equalsTokenizingWithIt_andSkipsReports() throws Exception {
    KeyMaterial rotated = KeyFiles.read(Examples.demoKeys()).rotateSite(new SecureRandom());
    Path rotatedFile = dir.resolve("rotated.json");
    KeyFiles.write(rotated, rotatedFile);
    assertThat(tokenize(Examples.demoKeys(), "old").exitCode()).isZero();
    assertThat(tokenize(rotatedFile, "new").exitCode()).isZero();

    CliProcess.Result rekey =
        CliProcess.run(dir, "rekey", "--keys", rotatedFile.toString(), "--out", "rekeyed", "old");

    assertThat(rekey.exitCode()).as(rekey.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("rekeyed/patients.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("new/patients.csv")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("old/patients.csv")));
    assertThat(dir.resolve("rekeyed/patients.report.json")).doesNotExist();
  }

  @Test
  void rekey_withKeysThatLackTheOldSiteKey_failsNamingLineAndColumn_andWritesNothing()
      throws Exception {
    assertThat(tokenize(Examples.demoKeys(), "old").exitCode()).isZero();
    Path other = dir.resolve("other.json");
    KeyFiles.write(KeyMaterial.generate(new SecureRandom()), other);

    CliProcess.Result rekey =
        CliProcess.run(
            dir, "rekey", "--keys", other.toString(), "--out", "rekeyed", "old/patients.csv");

    assertThat(rekey.exitCode()).isEqualTo(1);
    assertThat(rekey.stderr()).contains("patients.csv", "line 2", "token_");
    assertThat(dir.resolve("rekeyed"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void tokenize_serverConfigWithPolicy_isAUsageError() {
    CliProcess.Result result =
        CliProcess.run(
            dir,
            "tokenize",
            "--server-config",
            "--policy",
            Examples.safeHarborPolicy().toString(),
            "--out",
            "out",
            Examples.patients().toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--server-config");
  }
}
