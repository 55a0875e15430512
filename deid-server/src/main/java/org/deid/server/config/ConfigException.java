package org.deid.server.config;

/**
 * The server cannot start or continue because of its configuration; the message is safe to show.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what to do (no secret values)
   */
  public ConfigException(String message) {
    super(message);
  }
}
