package org.deid.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.deid.server.ServerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
  @TempDir Path dir;

  @Test
  void help_listsTheOptions_andNeverAKeyOption() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new ServerMain());
    commandLine.setOut(new PrintWriter(out, true));

    assertThat(commandLine.execute("server", "--help")).isZero();

    assertThat(out.toString()).contains("--data", "--port", "--bind", "--tls-cert", "--smtp-host");
    assertThat(out.toString()).doesNotContain("--master-key", "--password");
  }

  @Test
  void nonLoopbackBindWithoutTls_exitsWithAConfigError() {
    CommandLine commandLine = new CommandLine(new ServerMain());
    commandLine.setErr(new PrintWriter(new StringWriter(), true));

    int code =
        commandLine.execute("server", "--data", dir.toString(), "--port", "0", "--bind", "0.0.0.0");

    assertThat(code).isEqualTo(3);
  }

  @Test
  void missingData_isAUsageError() {
    CommandLine commandLine = new CommandLine(new ServerMain());
    commandLine.setErr(new PrintWriter(new StringWriter(), true));

    assertThat(commandLine.execute("server")).isEqualTo(2);
  }
}
