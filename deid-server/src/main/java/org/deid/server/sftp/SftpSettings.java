package org.deid.server.sftp;

import java.time.Duration;

/**
 * How the SFTP endpoint runs.
 *
 * @param port the port (0 picks a free one)
 * @param bindAddress the address to listen on
 * @param maxUploadBytes the largest file accepted
 * @param idleTimeout how long an idle session stays open
 * @param partialTtl how long an interrupted upload is kept for resuming
 * @param passwordGuessing when failed password logins make further attempts refused unchecked
 */
public record SftpSettings(
    int port,
    String bindAddress,
    long maxUploadBytes,
    Duration idleTimeout,
    Duration partialTtl,
    PasswordGuessing passwordGuessing) {
  /**
   * Returns the defaults for a port: loopback, 10 GiB uploads, 10-minute idle timeout, partial
   * uploads kept for a day, {@link PasswordGuessing#DEFAULT}.
   *
   * @param port the port
   * @return the settings
   */
  public static SftpSettings onPort(int port) {
    return new SftpSettings(
        port,
        "127.0.0.1",
        10L << 30,
        Duration.ofMinutes(10),
        Duration.ofDays(1),
        PasswordGuessing.DEFAULT);
  }

  /**
   * Returns a copy with another listen address.
   *
   * @param address the address
   * @return the copy
   */
  public SftpSettings withBindAddress(String address) {
    return new SftpSettings(
        port, address, maxUploadBytes, idleTimeout, partialTtl, passwordGuessing);
  }

  /**
   * Returns a copy with another upload limit.
   *
   * @param bytes the limit
   * @return the copy
   */
  public SftpSettings withMaxUploadBytes(long bytes) {
    return new SftpSettings(port, bindAddress, bytes, idleTimeout, partialTtl, passwordGuessing);
  }

  /**
   * Returns a copy with other password guessing limits.
   *
   * @param limits the limits
   * @return the copy
   */
  public SftpSettings withPasswordGuessing(PasswordGuessing limits) {
    return new SftpSettings(port, bindAddress, maxUploadBytes, idleTimeout, partialTtl, limits);
  }
}
