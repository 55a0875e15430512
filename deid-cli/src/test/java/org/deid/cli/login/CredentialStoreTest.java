package org.deid.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file: where it lives, its permissions, and that it round-trips. */
class CredentialStoreTest {
  @TempDir Path dir;

  @Test
  void locate_withXdgConfigHome_usesIt_elseHomeDotConfig() {
    assertThat(
            CredentialStore.locate(Map.of("XDG_CONFIG_HOME", dir.toString(), "HOME", "/h")).file())
        .isEqualTo(dir.resolve("deid/credentials.json"));
    assertThat(CredentialStore.locate(Map.of("HOME", dir.toString())).file())
        .isEqualTo(dir.resolve(".config/deid/credentials.json"));
    assertThat(
            CredentialStore.locate(Map.of("XDG_CONFIG_HOME", "relative", "HOME", dir.toString()))
                .file())
        .isEqualTo(dir.resolve(".config/deid/credentials.json"));
  }

  @Test
  void write_createsA0600FileInA0700Directory_andReadsBack() throws Exception {
    CredentialStore store = CredentialStore.locate(Map.of("XDG_CONFIG_HOME", dir.toString()));
    Credentials credentials =
        new Credentials("https://deid.example:8443", "deid_secret", Optional.of("ab".repeat(32)));

    store.write(credentials);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())))
        .isEqualTo("rwx------");
    assertThat(store.read()).contains(credentials);
    try (var files = Files.list(store.file().getParent())) {
      assertThat(files.toList()).containsExactly(store.file());
    }
    assertThat(store.delete()).isTrue();
    assertThat(store.read()).isEmpty();
  }

  @Test
  void toString_neverShowsTheApiKey() {
    assertThat(new Credentials("http://127.0.0.1:1", "deid_secret", Optional.empty()).toString())
        .doesNotContain("deid_secret");
  }
}
