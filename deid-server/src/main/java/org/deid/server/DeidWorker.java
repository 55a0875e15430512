package org.deid.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.deid.server.activity.ActivityEvent;
import org.deid.server.api.MetricsEndpoint;
import org.deid.server.config.ConfigException;
import org.deid.server.config.MasterKey;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.job.JobStore;
import org.deid.server.job.QueueSignal;
import org.deid.server.notify.Notification;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.OutboxDispatcher;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.WorkerPool;
import org.deid.server.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process without the HTTP API ({@code deid worker}): claims jobs from the shared
 * PostgreSQL database, runs them against the shared object store, renews leases, reaps expired
 * leases of dead workers and sends due notifications (of jobs and of client activity). Any number
 * of these and of API nodes run against one database; all coordination is in the database. With a
 * metrics port it serves {@code /healthz} and {@code /metrics} ({@link MetricsEndpoint}). {@link
 * #close()} returns running jobs to the queue without counting the attempt.
 */
public final class DeidWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeidWorker.class);

  private final Database database;
  private final WorkerPool workers;
  private final OutboxDispatcher<Notification> dispatcher;
  private final OutboxDispatcher<ActivityEvent> activityDispatcher;
  private final JobStore jobStore;
  private final String workerId;
  private final Optional<MetricsEndpoint> metricsEndpoint;

  private DeidWorker(
      Database database,
      WorkerPool workers,
      OutboxDispatcher<Notification> dispatcher,
      OutboxDispatcher<ActivityEvent> activityDispatcher,
      JobStore jobStore,
      String workerId,
      Optional<MetricsEndpoint> metricsEndpoint) {
    this.database = database;
    this.workers = workers;
    this.dispatcher = dispatcher;
    this.activityDispatcher = activityDispatcher;
    this.jobStore = jobStore;
    this.workerId = workerId;
    this.metricsEndpoint = metricsEndpoint;
  }

  /**
   * Where a worker serves its health and metrics.
   *
   * @param bindAddress the address to listen on
   * @param port the port (0 picks a free one)
   */
  public record MetricsListen(String bindAddress, int port) {
    /**
     * Checks the port.
     *
     * @throws ConfigException if it is out of range
     */
    public MetricsListen {
      if (port < 0 || port > 65_535) {
        throw new ConfigException("--metrics-port must be between 0 and 65535");
      }
    }
  }

  /**
   * What a worker process needs.
   *
   * @param database the shared database
   * @param workers threads, leases, timeouts and back-off
   * @param notifications e-mail and webhook settings of this process's dispatcher
   * @param metrics where to serve health and metrics, empty for nowhere
   */
  public record Settings(
      DatabaseSettings database,
      WorkerSettings workers,
      NotifySettings notifications,
      Optional<MetricsListen> metrics) {
    /**
     * Settings without a metrics port.
     *
     * @param database the shared database
     * @param workers threads, leases, timeouts and back-off
     * @param notifications e-mail and webhook settings of this process's dispatcher
     */
    public Settings(
        DatabaseSettings database, WorkerSettings workers, NotifySettings notifications) {
      this(database, workers, notifications, Optional.empty());
    }

    /**
     * Checks the values.
     *
     * @throws ConfigException if there are no threads
     */
    public Settings {
      if (workers.threads() < 1) {
        throw new ConfigException("a worker needs at least 1 thread (--threads)");
      }
    }
  }

  /**
   * Connects, checks the master key against the database and starts working.
   *
   * @param settings the configuration
   * @param engine the de-identification engine
   * @param storage the shared object storage (the caller closes it after this worker)
   * @param env the environment (master key: {@code DEID_MASTER_KEY_FILE} or {@code
   *     DEID_MASTER_KEY})
   * @param clock the time source
   * @return the running worker
   * @throws ConfigException if the configuration cannot work
   */
  public static DeidWorker start(
      Settings settings,
      DeidEngine engine,
      ObjectStorage storage,
      Map<String, String> env,
      Clock clock) {
    MasterKey.Loaded master = MasterKey.loadShared(env);
    LOG.info("master key from {}", master.source());
    Database database = Database.open(settings.database(), "deid-worker");
    try {
      Backend backend = Backend.open(database, master.key(), engine, clock);
      String workerId = backend.newWorkerId();
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      WorkerPool workers =
          new WorkerPool(
              backend.jobStore(),
              engine,
              backend.tenants(),
              storage,
              settings.workers(),
              new QueueSignal(),
              clock,
              workerId,
              metrics);
      Gauge.builder("deid_worker_running_attempts", workers, WorkerPool::runningCount)
          .description("attempts running in this worker process")
          .register(metrics);
      Optional<MetricsEndpoint> endpoint =
          settings
              .metrics()
              .map(
                  listen ->
                      MetricsEndpoint.start(
                          listen.bindAddress(), listen.port(), metrics, backend.jobStore()));
      Backend.Notifiers notifiers = backend.notifiers(settings.notifications(), clock);
      OutboxDispatcher<Notification> dispatcher =
          backend.dispatcher(notifiers, settings.notifications(), clock);
      OutboxDispatcher<ActivityEvent> activityDispatcher =
          backend.activityDispatcher(notifiers, settings.notifications(), clock);
      workers.start();
      dispatcher.start();
      activityDispatcher.start();
      LOG.info(
          "deid worker {} started with {} thread(s) on {}",
          workerId,
          settings.workers().threads(),
          settings.database().describe());
      endpoint.ifPresent(
          e ->
              LOG.info(
                  "worker metrics on {}:{}", settings.metrics().get().bindAddress(), e.port()));
      return new DeidWorker(
          database,
          workers,
          dispatcher,
          activityDispatcher,
          backend.jobStore(),
          workerId,
          endpoint);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Returns this process's worker id (the lease owner of its jobs: host, process id, random).
   *
   * @return the id
   */
  public String workerId() {
    return workerId;
  }

  /**
   * Returns the port of the health and metrics endpoint, if there is one.
   *
   * @return the port actually bound
   */
  public Optional<Integer> metricsPort() {
    return metricsEndpoint.map(MetricsEndpoint::port);
  }

  /**
   * Returns the job store (for tools and tests).
   *
   * @return the job store
   */
  public JobStore jobStore() {
    return jobStore;
  }

  /**
   * Counts attempts running in this process right now.
   *
   * @return the number of running attempts
   */
  public int runningCount() {
    return workers.runningCount();
  }

  /** Stops claiming, returns running jobs to the queue, stops notifications, disconnects. */
  @Override
  public void close() {
    LOG.info("worker {} shutting down", workerId);
    workers.close();
    dispatcher.close();
    activityDispatcher.close();
    metricsEndpoint.ifPresent(MetricsEndpoint::close);
    database.close();
    LOG.info("worker {} stopped", workerId);
  }
}
