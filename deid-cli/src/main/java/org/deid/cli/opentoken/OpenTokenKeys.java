package org.deid.cli.opentoken;

import java.nio.file.Path;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.SecretFile;
import org.deid.core.key.SecretBytes;

/** Reads OpenToken's AES-256 encryption key: exactly 32 bytes from a file. */
final class OpenTokenKeys {
  static final String OPTION = "--encryption-key-file";
  private static final int ENCRYPTION_KEY_BYTES = 32;

  private OpenTokenKeys() {}

  static SecretBytes encryptionKey(Path file) {
    SecretBytes key = SecretFile.read(file, OPTION);
    if (key.length() != ENCRYPTION_KEY_BYTES) {
      int length = key.length();
      key.destroy();
      throw new CliFailure(
          ExitCodes.CONFIG,
          OPTION
              + " "
              + file
              + ": the key must be exactly "
              + ENCRYPTION_KEY_BYTES
              + " bytes (found "
              + length
              + ")");
    }
    return key;
  }
}
