package org.deid.server.storage;

import java.io.IOException;

/** An upload went past the size limit; nothing was stored. */
public final class ObjectTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param limit the limit in bytes
   */
  public ObjectTooLargeException(long limit) {
    super("the upload is larger than the limit of " + limit + " bytes");
  }
}
