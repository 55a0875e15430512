package org.deid.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Secrets from the environment: {@code NAME_FILE} (a file, stripped) wins over {@code NAME}. */
public final class EnvSecrets {
  private EnvSecrets() {}

  /**
   * Reads a secret.
   *
   * @param env the environment
   * @param name the variable, for example {@code DEID_SMTP_PASSWORD}
   * @return the secret, empty if neither variable is set
   * @throws ConfigException if the file cannot be read (the message names the variable only)
   */
  public static Optional<String> read(Map<String, String> env, String name) {
    String file = env.get(name + "_FILE");
    if (file != null && !file.isBlank()) {
      try {
        return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new ConfigException("cannot read " + name + "_FILE");
      }
    }
    return Optional.ofNullable(env.get(name));
  }
}
