package org.deid.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.deid.server.config.ConfigException;
import org.deid.server.config.ServerSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code deid server} options turned into settings. */
class ServerCommandOptionsTest {
  private static ServerSettings settings(String... args) {
    ServerCommand command = new ServerCommand(Map.of());
    new CommandLine(command).parseArgs(args);
    return command.settings();
  }

  @Test
  void attemptTimeout_defaultsToSixHours_andTakesAnIsoDuration() {
    assertThat(settings("--data", "d").workers().attemptTimeout()).isEqualTo(Duration.ofHours(6));
    assertThat(settings("--data", "d", "--attempt-timeout", "PT30M").workers().attemptTimeout())
        .isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(() -> settings("--data", "d", "--attempt-timeout", "PT0S"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--attempt-timeout must be positive");
  }

  @Test
  void limitsAndAttempts_reachTheSettings() {
    ServerSettings settings =
        settings(
            "--data",
            "d",
            "--max-attempts",
            "5",
            "--max-upload-bytes",
            "1000",
            "--rate-limit",
            "3");

    assertThat(settings.maxAttempts()).isEqualTo(5);
    assertThat(settings.limits().maxUploadBytes()).isEqualTo(1000);
    assertThat(settings.limits().ratePerSecond()).isEqualTo(3);
    assertThat(settings.limits().burst()).isEqualTo(12);
  }

  private static IngestSettings ingest(String... args) {
    ServerCommand command = new ServerCommand(Map.of());
    new CommandLine(command).parseArgs(args);
    return command.ingestOptions.settings(command.bind, command.settings().limits());
  }

  @Test
  void sftpOptions_reachTheIngestSettings_andSftpListensOnTheBindAddressByDefault() {
    IngestSettings none = ingest("--data", "d");
    assertThat(none.sftp()).isEmpty();
    assertThat(none.inbox().settle()).isEqualTo(Duration.ofSeconds(2));
    assertThat(none.inbox().scan()).isEqualTo(Duration.ofSeconds(300));

    IngestSettings on =
        ingest(
            "--data",
            "d",
            "--bind",
            "127.0.0.2",
            "--max-upload-bytes",
            "5000",
            "--sftp-port",
            "2222",
            "--sftp-host-key",
            "/etc/deid/host_key",
            "--inbox-settle-seconds",
            "0",
            "--inbox-scan-seconds",
            "60");
    assertThat(on.sftp().orElseThrow().port()).isEqualTo(2222);
    assertThat(on.sftp().orElseThrow().bindAddress()).isEqualTo("127.0.0.2");
    assertThat(on.sftp().orElseThrow().maxUploadBytes()).isEqualTo(5000);
    assertThat(on.hostKeyFile()).contains(java.nio.file.Path.of("/etc/deid/host_key"));
    assertThat(on.inbox().settle()).isZero();
    assertThat(on.inbox().scan()).isEqualTo(Duration.ofSeconds(60));
    assertThat(
            ingest("--data", "d", "--sftp-port", "22", "--sftp-bind", "0.0.0.0")
                .sftp()
                .orElseThrow()
                .bindAddress())
        .isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> ingest("--data", "d", "--sftp-port", "70000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--sftp-port");
    assertThatThrownBy(() -> ingest("--data", "d", "--inbox-scan-seconds", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--inbox-scan-seconds");
  }

  @Test
  void everyOptionOfServerAndWorker_isInTheConfigurationReference() throws Exception {
    String reference =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "configuration.md"));
    for (Object command : java.util.List.of(new ServerCommand(Map.of()), new WorkerCommand())) {
      for (CommandLine.Model.OptionSpec option :
          new CommandLine(command).getCommandSpec().options()) {
        assertThat(reference)
            .as(command.getClass().getSimpleName() + " " + option.longestName())
            .contains("`" + option.longestName());
      }
    }
  }
}
