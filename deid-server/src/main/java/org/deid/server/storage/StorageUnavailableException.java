package org.deid.server.storage;

import java.io.IOException;

/**
 * The storage could not be reached or did not answer in time (after the client's own retries). The
 * message names the storage endpoint and what failed, never object content. Retrying later may
 * succeed.
 */
public final class StorageUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where and what failed (no object content)
   * @param cause the underlying error
   */
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
