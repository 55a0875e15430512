package org.deid.server.sftp;

/**
 * Who an SFTP session is: the client it logged in as and where it connects from.
 *
 * @param clientId the client id
 * @param clientName the client name (the SFTP user name)
 * @param remoteAddress the peer address
 */
record SessionInfo(String clientId, String clientName, String remoteAddress) {
  /**
   * Returns the actor label for the audit log.
   *
   * @return {@code sftp:CLIENT_ID}
   */
  String actor() {
    return "sftp:" + clientId;
  }
}
