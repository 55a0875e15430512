package org.deid.server;

import java.nio.file.Path;
import java.time.Duration;
import org.deid.server.api.ServerApp;
import org.deid.server.config.ConfigException;
import org.deid.server.inbox.InboxSettings;
import org.deid.server.sftp.SftpSettings;
import picocli.CommandLine.Option;

/** {@code deid server} options for the SFTP endpoint and inbox rules (a picocli mixin). */
final class IngestOptions {
  @Option(
      names = "--sftp-port",
      paramLabel = "N",
      description = "Also serve SFTP on this port (0 picks a free one). Default: no SFTP.")
  Integer sftpPort;

  @Option(
      names = "--sftp-bind",
      paramLabel = "ADDR",
      description = "Address the SFTP endpoint listens on. Default: the --bind address.")
  String sftpBind;

  @Option(
      names = "--sftp-host-key",
      paramLabel = "FILE",
      description =
          "SFTP host key file, generated if absent (mode 0600); give every node the same one."
              + " Default: DATA/sftp/ssh_host_ecdsa_key.")
  Path sftpHostKey;

  @Option(
      names = "--inbox-settle-seconds",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "How long a landed file must stay unchanged before its inbox job starts."
              + " Default: ${DEFAULT-VALUE}.")
  int inboxSettleSeconds;

  @Option(
      names = "--inbox-scan-seconds",
      defaultValue = "300",
      paramLabel = "N",
      description =
          "How often inbox rule folders are listed to catch unrecorded landings."
              + " Default: ${DEFAULT-VALUE}.")
  int inboxScanSeconds;

  /**
   * Turns the options into settings.
   *
   * @param bind the HTTP listen address (the SFTP default)
   * @param limits the request limits (the SFTP upload limit is the HTTP one)
   * @return the settings
   * @throws ConfigException if they are inconsistent
   */
  IngestSettings settings(String bind, ServerApp.Limits limits) {
    if (inboxSettleSeconds < 0 || inboxScanSeconds < 1) {
      throw new ConfigException(
          "--inbox-settle-seconds must be >= 0 and --inbox-scan-seconds >= 1");
    }
    InboxSettings defaults = InboxSettings.defaults();
    IngestSettings ingest =
        IngestSettings.defaults()
            .withInbox(
                new InboxSettings(
                    Duration.ofSeconds(inboxSettleSeconds),
                    defaults.poll(),
                    Duration.ofSeconds(inboxScanSeconds),
                    defaults.claimLease()));
    if (sftpPort != null) {
      if (sftpPort < 0 || sftpPort > 65535) {
        throw new ConfigException("--sftp-port must be between 0 and 65535");
      }
      ingest =
          ingest.withSftp(
              SftpSettings.onPort(sftpPort)
                  .withBindAddress(sftpBind != null ? sftpBind : bind)
                  .withMaxUploadBytes(limits.maxUploadBytes()));
    }
    if (sftpHostKey != null) {
      ingest = ingest.withHostKeyFile(sftpHostKey);
    }
    return ingest;
  }
}
