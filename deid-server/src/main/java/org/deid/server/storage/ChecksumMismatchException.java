package org.deid.server.storage;

import java.io.IOException;

/** The uploaded bytes do not have the SHA-256 the client announced; nothing was stored. */
public final class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param actual the SHA-256 of the received bytes (a digest of the data, safe to show the
   *     uploader)
   */
  public ChecksumMismatchException(String actual) {
    super("the SHA-256 of the received bytes is " + actual + ", not the announced value");
  }
}
