package org.deid.server.storage;

import java.io.IOException;

/** The object does not exist. */
public final class NoSuchObjectException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public NoSuchObjectException() {
    super("no such object");
  }
}
