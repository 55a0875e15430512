package org.deid.server.inbox;

import org.deid.server.storage.StoredObject;

/**
 * Told when a complete file has just become visible in a client's space (an HTTP upload, a
 * completed SFTP upload or rename). Implementations must be quick and must not throw for a file no
 * rule is interested in.
 */
@FunctionalInterface
public interface FileLanding {
  /** Does nothing: for deployments and tests without inbox rules. */
  FileLanding NONE = (clientId, file, source) -> {};

  /**
   * Records that a file landed.
   *
   * @param clientId the client
   * @param file the stored object, with the client's key
   * @param source {@code http}, {@code sftp} or {@code scan}
   */
  void landed(String clientId, StoredObject file, String source);
}
