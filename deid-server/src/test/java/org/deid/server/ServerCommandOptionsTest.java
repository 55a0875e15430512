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
}
