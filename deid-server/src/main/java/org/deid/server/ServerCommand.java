package org.deid.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.deid.server.api.ServerApp;
import org.deid.server.config.ConfigException;
import org.deid.server.config.EnvSecrets;
import org.deid.server.config.ServerSettings;
import org.deid.server.config.TlsSettings;
import org.deid.server.notify.NotifySettings;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.worker.CoreJobRunner;
import org.deid.server.worker.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "With --db (PostgreSQL) and --storage, any number of API nodes (--workers 0:",
      "API only) and 'deid worker' processes share one database and object store.",
      "With --sftp-port, also SFTP onto the same files, and inbox rules that start jobs",
      "when files land (give every API node the same --sftp-host-key).",
      "",
      "Environment: DEID_MASTER_KEY_FILE or DEID_MASTER_KEY (base64 of 32 bytes;",
      "generated under the data folder when neither is set, required with --db);",
      "DEID_DB_USER and DEID_DB_PASSWORD(_FILE) for --db; DEID_TLS_PASSWORD(_FILE)",
      "for a PKCS#12 certificate; DEID_SMTP_USER and DEID_SMTP_PASSWORD(_FILE) for",
      "SMTP login; DEID_S3_ENDPOINT; S3 credentials from the standard AWS chain",
      "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance role)."
    })
public final class ServerCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description =
          "Data folder: the first admin key, and the embedded database and files unless --db and"
              + " --storage are given.")
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
      description = "In-process worker threads (0: API node only). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(
      names = "--max-attempts",
      defaultValue = "3",
      description = "Attempts per job. Default: ${DEFAULT-VALUE}.")
  int maxAttempts;

  @Option(
      names = "--attempt-timeout",
      paramLabel = "DURATION",
      description =
          "Longest one attempt of a job may run (ISO-8601: PT30M, PT6H); then it is retried"
              + " or, at --max-attempts, failed. Default: PT6H.")
  Duration attemptTimeout;

  @Option(
      names = "--max-upload-bytes",
      description = "Largest file upload in bytes. Default: 10 GiB.")
  Long maxUploadBytes;

  @Option(names = "--rate-limit", description = "Requests per second per client. Default: 50.")
  Double rateLimit;

  @Mixin SharedOptions.StorageOptions storageOptions = new SharedOptions.StorageOptions();

  @Mixin SharedOptions.DatabaseOptions databaseOptions = new SharedOptions.DatabaseOptions();

  @Mixin SharedOptions.SmtpOptions smtpOptions = new SharedOptions.SmtpOptions();

  @Mixin IngestOptions ingestOptions = new IngestOptions();

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
    if (attemptTimeout != null && (attemptTimeout.isNegative() || attemptTimeout.isZero())) {
      throw new ConfigException("--attempt-timeout must be positive, for example PT6H");
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
            attemptTimeout == null ? base.attemptTimeout() : attemptTimeout,
            base.retry());
    NotifySettings notify = smtpOptions.apply(NotifySettings.defaults(), env);
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
        .withNotifications(notify)
        .withDatabase(databaseOptions.settings(env, workers));
  }

  /** The storage named by --storage, empty for the default folder under --data. */
  Optional<ObjectStorage> objectStorage() {
    return storageOptions.given() ? Optional.of(storageOptions.open(env)) : Optional.empty();
  }

  private Optional<String> secret(String name) {
    return EnvSecrets.read(env, name);
  }

  @Override
  public Integer call() throws InterruptedException {
    DeidServer server;
    Optional<ObjectStorage> objects = Optional.empty();
    try {
      ServerSettings settings = settings();
      IngestSettings ingest = ingestOptions.settings(bind, settings.limits());
      objects = objectStorage();
      server =
          DeidServer.start(settings, ingest, new CoreJobRunner(), objects, env, Clock.systemUTC());
    } catch (ConfigException e) {
      objects.ifPresent(SharedOptions::closeStorage);
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
                  storageToClose.ifPresent(SharedOptions::closeStorage);
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
