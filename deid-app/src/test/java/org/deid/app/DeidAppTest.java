package org.deid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeidAppTest {
  @Test
  void commandLine_hasCliServerAndWorkerCommands() {
    CommandLine commandLine = DeidApp.commandLine();

    assertThat(commandLine.getSubcommands())
        .containsKeys(
            "tokenize",
            "opentoken",
            "policy",
            "inspect",
            "keys",
            "admin",
            "files",
            "jobs",
            "server",
            "worker");
  }

  @Test
  void server_withoutData_isAUsageErrorWithExitCodeTwo() {
    CommandLine commandLine = DeidApp.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute("server");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--data");
  }

  @Test
  void worker_withoutDatabase_isAConfigurationErrorWithExitCodeThree() {
    CommandLine commandLine = DeidApp.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute("worker", "--storage", "file:///tmp/deid-none");

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("--db jdbc:postgresql://");
  }
}
