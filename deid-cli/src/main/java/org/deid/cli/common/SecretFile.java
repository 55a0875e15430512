package org.deid.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.key.SecretBytes;

/**
 * Reads a secret from a file (never from a command-line value). One trailing newline ({@code \n} or
 * {@code \r\n}) is ignored, so files written by {@code echo} work.
 */
public final class SecretFile {
  /** Secrets are short; a larger file is a mistake (a data file named by accident). */
  static final int MAX_BYTES = 64 * 1024;

  private SecretFile() {}

  /**
   * Reads a secret.
   *
   * @param file the file
   * @param option the option that named it, for messages
   * @return the secret bytes
   * @throws CliFailure with {@link ExitCodes#CONFIG} if the file is missing, unreadable, empty or
   *     larger than 64 KiB
   */
  public static SecretBytes read(Path file, String option) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CliFailure(
            ExitCodes.CONFIG,
            option + " " + file + ": larger than " + MAX_BYTES + " bytes; not a secret file");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.CONFIG, option + " " + file + ": no such file");
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.CONFIG,
          option + " " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\n') {
      length--;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
    }
    byte[] secret = Arrays.copyOf(bytes, length);
    try {
      if (length == 0) {
        throw new CliFailure(ExitCodes.CONFIG, option + " " + file + ": the file is empty");
      }
      return SecretBytes.copyOf(secret);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(secret, (byte) 0);
    }
  }
}
