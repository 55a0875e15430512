package org.deid.server.storage;

/** An object key or prefix that is not acceptable; the message does not repeat the key. */
public final class InvalidKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which rule the key breaks
   */
  public InvalidKeyException(String message) {
    super(message);
  }
}
