package org.deid.server;

import java.nio.file.Path;
import java.util.Optional;
import org.deid.server.inbox.InboxSettings;
import org.deid.server.sftp.SftpSettings;

/**
 * How files come in besides the HTTP API: the SFTP endpoint (off unless a port is given) and the
 * inbox timing.
 *
 * @param sftp the SFTP endpoint, empty for none
 * @param hostKeyFile the SFTP host key file, empty for {@code DATA/sftp/ssh_host_ecdsa_key}
 * @param inbox inbox timing
 */
public record IngestSettings(
    Optional<SftpSettings> sftp, Optional<Path> hostKeyFile, InboxSettings inbox) {
  /**
   * Returns the defaults: no SFTP, default inbox timing.
   *
   * @return the defaults
   */
  public static IngestSettings defaults() {
    return new IngestSettings(Optional.empty(), Optional.empty(), InboxSettings.defaults());
  }

  /**
   * Returns a copy with an SFTP endpoint.
   *
   * @param newSftp the endpoint settings
   * @return the copy
   */
  public IngestSettings withSftp(SftpSettings newSftp) {
    return new IngestSettings(Optional.of(newSftp), hostKeyFile, inbox);
  }

  /**
   * Returns a copy with another inbox timing.
   *
   * @param newInbox the timing
   * @return the copy
   */
  public IngestSettings withInbox(InboxSettings newInbox) {
    return new IngestSettings(sftp, hostKeyFile, newInbox);
  }

  /**
   * Returns a copy with a host key file.
   *
   * @param file the file
   * @return the copy
   */
  public IngestSettings withHostKeyFile(Path file) {
    return new IngestSettings(sftp, Optional.of(file), inbox);
  }
}
