package org.deid.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deid server --db ...}: start-up refusals that need no database. */
class ServerCommandDatabaseTest {
  @TempDir Path dir;

  @Test
  void dbWithoutMasterKey_exitsWithAConfigError_andGeneratesNoKey() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new ServerCommand(Map.of()));
    commandLine.setErr(new PrintWriter(err, true));

    int code =
        commandLine.execute(
            "--data", dir.toString(), "--port", "0", "--db", "jdbc:postgresql://127.0.0.1:1/x");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("same master key", "DEID_MASTER_KEY_FILE");
    assertThat(dir.resolve("master.key")).doesNotExist();
  }

  @Test
  void help_listsTheDatabaseOptions_andNoPasswordOption() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new ServerCommand(Map.of()));
    commandLine.setOut(new PrintWriter(out, true));

    assertThat(commandLine.execute("--help")).isZero();

    assertThat(out.toString()).contains("--db", "--db-pool-size", "DEID_DB_USER");
    assertThat(out.toString()).doesNotContain("--db-password", "--db-user");
  }
}
