package org.deid.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.deid.server.config.ConfigException;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.notify.NotifySettings;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.worker.CoreJobRunner;
import org.deid.server.worker.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deid worker}: a worker process without the HTTP API, against the shared PostgreSQL
 * database and object store of the API nodes. Runs until stopped (Ctrl-C or SIGTERM), then returns
 * its running jobs to the queue. Secrets come from the environment or files only.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run deid workers only (no HTTP API) against the shared PostgreSQL database",
      "and object store of the API nodes. Start any number, on any hosts: jobs are",
      "claimed in the database and each finishes exactly once.",
      "",
      "Environment: DEID_MASTER_KEY_FILE or DEID_MASTER_KEY (the API nodes' key);",
      "DEID_DB_USER and DEID_DB_PASSWORD(_FILE) for --db; DEID_SMTP_USER and",
      "DEID_SMTP_PASSWORD(_FILE) for SMTP login; DEID_S3_ENDPOINT; S3 credentials",
      "from the standard AWS chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,",
      "AWS_PROFILE, instance role)."
    })
public final class WorkerCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin SharedOptions.DatabaseOptions databaseOptions = new SharedOptions.DatabaseOptions();

  @Mixin SharedOptions.StorageOptions storageOptions = new SharedOptions.StorageOptions();

  @Mixin SharedOptions.SmtpOptions smtpOptions = new SharedOptions.SmtpOptions();

  @Option(
      names = "--threads",
      defaultValue = "2",
      paramLabel = "N",
      description = "Jobs this process runs at once. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--poll",
      defaultValue = "1000",
      paramLabel = "MILLIS",
      description = {
        "How long an idle worker waits before looking again; newly queued jobs wake it",
        "at once (PostgreSQL notifications). Default: ${DEFAULT-VALUE}."
      })
  long pollMillis;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = {
        "Serve GET /healthz and GET /metrics (Prometheus) on this port (0: a free one,",
        "printed at start). No key is asked: bind it where only monitoring reaches.",
        "Default: no metrics port."
      })
  Integer metricsPort;

  @Option(
      names = "--metrics-bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address of the metrics port. Default: ${DEFAULT-VALUE}.")
  String metricsBind;

  private final Map<String, String> env;

  /** Creates the command reading the process environment. */
  public WorkerCommand() {
    this(System.getenv());
  }

  WorkerCommand(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Turns the options and environment into settings.
   *
   * @return the settings
   * @throws ConfigException if they are incomplete or inconsistent
   */
  DeidWorker.Settings settings() {
    if (threads < 1) {
      throw new ConfigException("--threads must be >= 1");
    }
    if (pollMillis < 10) {
      throw new ConfigException("--poll must be >= 10 milliseconds");
    }
    Optional<DatabaseSettings> database = databaseOptions.settings(env, threads);
    if (database.isEmpty()) {
      throw new ConfigException(
          "deid worker needs the shared database: --db jdbc:postgresql://HOST/DATABASE");
    }
    if (!storageOptions.given()) {
      throw new ConfigException(
          "deid worker needs the shared storage: --storage s3://bucket/prefix or file:///path");
    }
    WorkerSettings base = WorkerSettings.defaults();
    WorkerSettings workers =
        new WorkerSettings(
            threads,
            base.lease(),
            base.heartbeat(),
            Duration.ofMillis(pollMillis),
            base.attemptTimeout(),
            base.retry());
    Optional<DeidWorker.MetricsListen> metrics =
        Optional.ofNullable(metricsPort)
            .map(port -> new DeidWorker.MetricsListen(metricsBind, port));
    return new DeidWorker.Settings(
        database.get(), workers, smtpOptions.apply(NotifySettings.defaults(), env), metrics);
  }

  @Override
  public Integer call() throws InterruptedException {
    DeidWorker worker;
    ObjectStorage objects = null;
    try {
      DeidWorker.Settings settings = settings();
      objects = storageOptions.open(env);
      worker = DeidWorker.start(settings, new CoreJobRunner(), objects, env, Clock.systemUTC());
    } catch (ConfigException e) {
      if (objects != null) {
        SharedOptions.closeStorage(objects);
      }
      spec.commandLine().getErr().println("deid worker: " + e.getMessage());
      return 3;
    }
    ObjectStorage storageToClose = objects;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  SharedOptions.closeStorage(storageToClose);
                  stopped.countDown();
                },
                "deid-shutdown"));
    spec.commandLine()
        .getErr()
        .println("deid worker: " + worker.workerId() + " running; Ctrl-C to stop");
    worker
        .metricsPort()
        .ifPresent(
            port ->
                spec.commandLine()
                    .getErr()
                    .println(
                        "deid worker: metrics on http://"
                            + (metricsBind.contains(":") ? "[" + metricsBind + "]" : metricsBind)
                            + ":"
                            + port
                            + "/metrics"));
    stopped.await();
    Thread.sleep(Duration.ofMillis(100).toMillis());
    return 0;
  }
}
