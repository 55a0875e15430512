package org.deid.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.deid.server.api.ServerApp;
import org.deid.server.config.ConfigException;
import org.deid.server.config.ServerSettings;
import org.deid.server.config.TlsSettings;
import org.deid.server.inbox.InboxSettings;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.SmtpSettings;
import org.deid.server.sftp.SftpSettings;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StorageLocations;
import org.deid.server.worker.CoreJobRunner;
import org.deid.server.worker.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deid server}: runs the embedded batch service until it is stopped (Ctrl-C or SIGTERM),
 * then shuts down gracefully. Secrets (master key, SMTP password, PKCS#12 password) come from the
 * environment or files, never from options.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the deid batch service: HTTP API, job queue, workers and notifications.",
      "",
      "Environment: DEID_MASTER_KEY_FILE or DEID_MASTER_KEY (base64 of 32 bytes; generated under",
      "the data folder when neither is set), DEID_TLS_PASSWORD(_FILE) for a PKCS#12 certificate,",
      "DEID_SMTP_USER and DEID_SMTP_PASSWORD(_FILE) for SMTP login; S3 credentials from the",
      "standard AWS chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance role)."
    })
public final class ServerCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description = "Data folder (database, files, admin key).")
  Path data;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on; non-loopback needs TLS. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--tls-cert", description = "PKCS#12 file (.p12/.pfx) or PEM certificate chain.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM PKCS#8 private key (with a PEM --tls-cert).")
  Path tlsKey;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "In-process worker threads. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(
      names = "--max-attempts",
      defaultValue = "3",
      description = "Attempts per job. Default: ${DEFAULT-VALUE}.")
  int maxAttempts;

  @Option(
      names = "--max-upload-bytes",
      description = "Largest file upload in bytes. Default: 10 GiB.")
  Long maxUploadBytes;

  @Option(names = "--rate-limit", description = "Requests per second per client. Default: 50.")
  Double rateLimit;

  @Option(
      names = "--storage",
      description =
          "Where files live: s3://bucket/prefix or file:///path. Default: the storage folder under --data.")
  String storage;

  @Option(
      names = "--s3-endpoint",
      description = "Endpoint of an S3-compatible store (default: DEID_S3_ENDPOINT, else AWS S3).")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      description = "S3 region (default: AWS_REGION or the AWS profile).")
  String s3Region;

  @Option(
      names = "--sftp-port",
      description = "Also serve SFTP on this port (0 picks a free one). Default: no SFTP.")
  Integer sftpPort;

  @Option(
      names = "--sftp-bind",
      description = "Address the SFTP endpoint listens on. Default: the --bind address.")
  String sftpBind;

  @Option(
      names = "--sftp-host-key",
      description =
          "SFTP host key file, generated if absent (mode 0600); give every node the same one."
              + " Default: DATA/sftp/ssh_host_ecdsa_key.")
  Path sftpHostKey;

  @Option(
      names = "--inbox-settle-seconds",
      defaultValue = "2",
      description =
          "How long a landed file must stay unchanged before its inbox job starts."
              + " Default: ${DEFAULT-VALUE}.")
  int inboxSettleSeconds;

  @Option(
      names = "--inbox-scan-seconds",
      defaultValue = "300",
      description =
          "How often inbox rule folders are listed to catch unrecorded landings."
              + " Default: ${DEFAULT-VALUE}.")
  int inboxScanSeconds;

  @Option(names = "--smtp-host", description = "SMTP server for job e-mails.")
  String smtpHost;

  @Option(
      names = "--smtp-port",
      defaultValue = "25",
      description = "SMTP port. Default: ${DEFAULT-VALUE}.")
  int smtpPort;

  @Option(
      names = "--smtp-from",
      defaultValue = "deid@localhost",
      description = "Sender address. Default: ${DEFAULT-VALUE}.")
  String smtpFrom;

  @Option(names = "--smtp-starttls", description = "Require STARTTLS.")
  boolean smtpStartTls;

  private final Map<String, String> env;

  /** Creates the command reading the process environment. */
  public ServerCommand() {
    this(System.getenv());
  }

  ServerCommand(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Turns the options and environment into settings.
   *
   * @return the settings
   * @throws ConfigException if they are inconsistent
   */
  ServerSettings settings() {
    if (workers < 0 || maxAttempts < 1) {
      throw new ConfigException("--workers must be >= 0 and --max-attempts >= 1");
    }
    ServerApp.Limits defaults = ServerApp.Limits.defaults();
    ServerApp.Limits limits =
        new ServerApp.Limits(
            maxUploadBytes == null ? defaults.maxUploadBytes() : maxUploadBytes,
            defaults.maxRequestBytes(),
            rateLimit == null ? defaults.ratePerSecond() : rateLimit,
            rateLimit == null ? defaults.burst() : Math.max(rateLimit * 4, 1));
    WorkerSettings base = WorkerSettings.defaults();
    WorkerSettings workerSettings =
        new WorkerSettings(
            workers,
            base.lease(),
            base.heartbeat(),
            base.poll(),
            base.attemptTimeout(),
            base.retry());
    NotifySettings notify = NotifySettings.defaults();
    if (smtpHost != null) {
      notify =
          notify.withSmtp(
              new SmtpSettings(
                  smtpHost,
                  smtpPort,
                  smtpFrom,
                  Optional.ofNullable(env.get("DEID_SMTP_USER")),
                  secret("DEID_SMTP_PASSWORD"),
                  smtpStartTls));
    }
    Optional<TlsSettings> tls =
        Optional.ofNullable(tlsCert)
            .map(
                cert ->
                    new TlsSettings(
                        cert, Optional.ofNullable(tlsKey), secret("DEID_TLS_PASSWORD")));
    return ServerSettings.defaults(data)
        .withPort(port)
        .withListener(bind, tls)
        .withLimits(limits)
        .withWorkers(workerSettings)
        .withMaxAttempts(maxAttempts)
        .withNotifications(notify);
  }

  /**
   * Turns the SFTP and inbox options into settings.
   *
   * @param limits the request limits (the SFTP upload limit is the HTTP one)
   * @return the settings
   * @throws ConfigException if they are inconsistent
   */
  IngestSettings ingestSettings(ServerApp.Limits limits) {
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

  /** The storage named by --storage, empty for the default folder under --data. */
  Optional<ObjectStorage> objectStorage() {
    if (storage == null || storage.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        StorageLocations.open(
            storage,
            Optional.ofNullable(s3Endpoint)
                .or(() -> Optional.ofNullable(env.get("DEID_S3_ENDPOINT"))),
            Optional.ofNullable(s3Region).or(() -> Optional.ofNullable(env.get("AWS_REGION")))));
  }

  private static void closeStorage(ObjectStorage objects) {
    if (objects instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // shutting down; the connections go with the process
      }
    }
  }

  private Optional<String> secret(String name) {
    String file = env.get(name + "_FILE");
    if (file != null && !file.isBlank()) {
      try {
        return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new ConfigException("cannot read " + name + "_FILE");
      }
    }
    return Optional.ofNullable(env.get(name));
  }

  @Override
  public Integer call() throws InterruptedException {
    DeidServer server;
    Optional<ObjectStorage> objects = Optional.empty();
    try {
      ServerSettings settings = settings();
      IngestSettings ingest = ingestSettings(settings.limits());
      objects = objectStorage();
      server =
          DeidServer.start(settings, ingest, new CoreJobRunner(), objects, env, Clock.systemUTC());
    } catch (ConfigException e) {
      objects.ifPresent(ServerCommand::closeStorage);
      spec.commandLine().getErr().println("deid server: " + e.getMessage());
      return 3;
    } catch (java.io.UncheckedIOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "deid server: "
                  + e.getMessage()
                  + " ("
                  + e.getCause().getClass().getSimpleName()
                  + ")");
      return 1;
    }
    server
        .adminKeyFile()
        .ifPresent(
            file ->
                spec.commandLine()
                    .getErr()
                    .println("deid server: first start; admin API key written to " + file));
    Optional<ObjectStorage> storageToClose = objects;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  storageToClose.ifPresent(ServerCommand::closeStorage);
                  stopped.countDown();
                },
                "deid-shutdown"));
    server
        .sftpPort()
        .ifPresent(
            port ->
                spec.commandLine()
                    .getErr()
                    .println(
                        "deid server: SFTP on port "
                            + port
                            + ", host key "
                            + server.sftpHostKeyFingerprint().orElse("")));
    spec.commandLine()
        .getErr()
        .println("deid server: listening on port " + server.port() + "; Ctrl-C to stop");
    stopped.await();
    Thread.sleep(Duration.ofMillis(100).toMillis());
    return 0;
  }
}
