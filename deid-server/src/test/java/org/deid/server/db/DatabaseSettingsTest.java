package org.deid.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deid.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --db} and the database login from the environment. */
class DatabaseSettingsTest {
  private static final String URL = "jdbc:postgresql://db.internal:5432/deid";

  @TempDir Path dir;

  @Test
  void fromEnvironment_passwordFileWinsOverTheVariable_andIsStripped() throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret-from-file\n", StandardCharsets.UTF_8);

    DatabaseSettings settings =
        DatabaseSettings.fromEnvironment(
            URL,
            Map.of(
                "DEID_DB_USER", "deid",
                "DEID_DB_PASSWORD", "from-variable",
                "DEID_DB_PASSWORD_FILE", file.toString()),
            8);

    assertThat(settings.user()).contains("deid");
    assertThat(settings.password()).contains("s3cret-from-file");
    assertThat(settings.toString()).doesNotContain("s3cret").contains("db.internal:5432/deid");
  }

  @Test
  void unreadablePasswordFile_namesTheVariableOnly() {
    assertThatThrownBy(
            () ->
                DatabaseSettings.fromEnvironment(
                    URL, Map.of("DEID_DB_PASSWORD_FILE", dir.resolve("none").toString()), 8))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DEID_DB_PASSWORD_FILE");
  }

  @Test
  void urlWithAPasswordOrAnotherDatabase_isRefused_withoutEchoingIt() {
    assertThatThrownBy(
            () -> DatabaseSettings.fromEnvironment(URL + "?user=a&password=hunter2", Map.of(), 8))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DEID_DB_PASSWORD")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseSettings.fromEnvironment("jdbc:h2:mem:x", Map.of(), 8))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void describe_dropsTheQuery() {
    assertThat(
            DatabaseSettings.fromEnvironment(URL + "?sslmode=verify-full", Map.of(), 8).describe())
        .isEqualTo(URL);
  }
}
