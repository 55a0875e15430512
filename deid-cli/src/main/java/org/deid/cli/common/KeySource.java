package org.deid.cli.common;

import java.nio.file.Path;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.key.KeyFileException;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;

/**
 * Loads keys for a command: from the file named by {@code --keys}, else from the environment
 * ({@code DEID_KEYS_FILE} or {@code DEID_KEYS}). Never from a command-line value.
 */
public final class KeySource {
  private KeySource() {}

  /**
   * Loads the key material.
   *
   * @param file the key file, or null to use the environment
   * @return the keys
   * @throws CliFailure with {@link ExitCodes#CONFIG} when no keys are found or they are invalid
   */
  public static KeyMaterial load(Path file) {
    try {
      if (file != null) {
        return KeyFiles.read(file);
      }
      return KeyFiles.fromEnvironment(System.getenv());
    } catch (KeyFileException e) {
      throw new CliFailure(ExitCodes.CONFIG, e.getMessage());
    }
  }
}
