package org.deid.core.key;

/**
 * A key file or key text could not be read. The message names the source (file or environment
 * variable) and the JSON path, e.g. {@code keys.json: site.keys[1].key: must be 64 bytes of
 * base64}, and never holds a key value. Checked, because a caller must decide how to report it.
 */
public final class KeyFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message source, path and problem, free of key values
   */
  public KeyFileException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause that carries no key values (I/O errors).
   *
   * @param message source and problem
   * @param cause the I/O error
   */
  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
