package org.deid.server.worker;

/** A policy or key file the engine cannot use; the message is safe to show (no values). */
public final class EngineConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the path in the document, never a value
   */
  public EngineConfigException(String message) {
    super(message);
  }
}
