package org.deid.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.activity.ActivityDispatcher;
import org.deid.server.activity.ActivityLog;
import org.deid.server.api.ServerApp;
import org.deid.server.audit.AuditLog;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.config.ConfigException;
import org.deid.server.config.DataDirLock;
import org.deid.server.config.MasterKey;
import org.deid.server.config.ServerSettings;
import org.deid.server.config.TlsConnector;
import org.deid.server.db.Database;
import org.deid.server.inbox.InboxRepository;
import org.deid.server.inbox.InboxService;
import org.deid.server.job.JdbcJobStore;
import org.deid.server.job.JobService;
import org.deid.server.job.JobStore;
import org.deid.server.job.QueueSignal;
import org.deid.server.notify.DeliveryStore;
import org.deid.server.notify.EmailNotifier;
import org.deid.server.notify.NotificationDispatcher;
import org.deid.server.notify.Notifier;
import org.deid.server.notify.WebhookNotifier;
import org.deid.server.run.RunLog;
import org.deid.server.sftp.SftpAccounts;
import org.deid.server.sftp.SftpEndpoint;
import org.deid.server.sftp.SftpRepository;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.tenant.TenantRepository;
import org.deid.server.tenant.TenantService;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded deployment in one object: database and storage under the data folder, the HTTP API,
 * in-process workers and the notification dispatcher. {@link #close()} shuts down gracefully: the
 * API stops first, running jobs go back to the queue, then the database closes.
 */
public final class DeidServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeidServer.class);

  private final DataDirLock lock;
  private final Database database;
  private final ServerApp app;
  private final WorkerPool workers;
  private final NotificationDispatcher dispatcher;
  private final DeliveryStore deliveries;
  private final TenantService tenants;
  private final JobStore jobStore;
  private final Optional<Path> adminKeyFile;
  private final Ingest ingest;

  /** The SFTP endpoint, the inbox and client activity notifications of one server. */
  private record Ingest(
      Optional<SftpEndpoint> sftp,
      InboxService inbox,
      ActivityLog activity,
      ActivityDispatcher dispatcher) {
    void close() {
      sftp.ifPresent(SftpEndpoint::close);
      inbox.close();
      dispatcher.close();
    }
  }

  private DeidServer(
      DataDirLock lock,
      Database database,
      ServerApp app,
      WorkerPool workers,
      NotificationDispatcher dispatcher,
      DeliveryStore deliveries,
      TenantService tenants,
      JobStore jobStore,
      Optional<Path> adminKeyFile,
      Ingest ingest) {
    this.lock = lock;
    this.database = database;
    this.app = app;
    this.workers = workers;
    this.dispatcher = dispatcher;
    this.deliveries = deliveries;
    this.tenants = tenants;
    this.jobStore = jobStore;
    this.adminKeyFile = adminKeyFile;
    this.ingest = ingest;
  }

  /**
   * Starts everything.
   *
   * @param settings the configuration
   * @param engine the de-identification engine
   * @param storage the object storage, empty for the local folder under the data folder
   * @param env the environment (master key)
   * @param clock the time source
   * @return the running server
   * @throws ConfigException if the configuration cannot work
   */
  public static DeidServer start(
      ServerSettings settings,
      DeidEngine engine,
      Optional<ObjectStorage> storage,
      Map<String, String> env,
      Clock clock) {
    return start(settings, IngestSettings.defaults(), engine, storage, env, clock);
  }

  /**
   * Starts everything, with an SFTP endpoint and inbox timing.
   *
   * @param settings the configuration
   * @param ingestSettings SFTP and inbox settings
   * @param engine the de-identification engine
   * @param storage the object storage, empty for the local folder under the data folder
   * @param env the environment (master key)
   * @param clock the time source
   * @return the running server
   * @throws ConfigException if the configuration cannot work
   */
  public static DeidServer start(
      ServerSettings settings,
      IngestSettings ingestSettings,
      DeidEngine engine,
      Optional<ObjectStorage> storage,
      Map<String, String> env,
      Clock clock) {
    checkListener(settings);
    Path dataDir = settings.dataDir().toAbsolutePath();
    SecureRandom random = new SecureRandom();
    Database database = null;
    DataDirLock lock = null;
    Optional<SftpEndpoint> sftp = Optional.empty();
    try {
      Files.createDirectories(dataDir);
      lock = DataDirLock.acquire(dataDir);
      MasterKey.Loaded master = MasterKey.load(env, dataDir);
      if (master.generated()) {
        LOG.warn("master key from {}; back it up apart from the database", master.source());
      } else {
        LOG.info("master key from {}", master.source());
      }
      database = Database.openEmbedded(dataDir.resolve("db"));
      ObjectStorage objects =
          storage.isPresent() ? storage.get() : new LocalObjectStorage(dataDir.resolve("storage"));
      ApiKeys apiKeys = new ApiKeys(random);
      TenantRepository tenantRepository = new TenantRepository(database);
      ApiKeyRepository keyRepository = new ApiKeyRepository(database);
      TenantService tenants =
          new TenantService(
              tenantRepository, keyRepository, master.key(), apiKeys, engine, random, clock);
      JobStore jobStore = new JdbcJobStore(database);
      QueueSignal signal = new QueueSignal();
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      JobService jobs =
          new JobService(
              jobStore, tenantRepository, objects, apiKeys, clock, settings.maxAttempts());
      AuditLog audit = new AuditLog(database);
      ActivityLog activity = new ActivityLog(database);
      InboxService inbox =
          new InboxService(
              new InboxRepository(database),
              tenants,
              jobs,
              signal,
              objects,
              activity,
              audit,
              apiKeys,
              clock,
              ingestSettings.inbox(),
              apiKeys.newId("node_"));
      SftpAccounts sftpAccounts =
          new SftpAccounts(new SftpRepository(database), tenants, apiKeys, random, clock);
      ServerApp app =
          new ServerApp(
              new ServerApp.Services(
                  tenants,
                  keyRepository,
                  jobs,
                  jobStore,
                  objects,
                  audit,
                  metrics,
                  signal,
                  clock,
                  new RunLog(database),
                  inbox,
                  sftpAccounts,
                  activity),
              settings.limits(),
              cfg -> {
                cfg.jetty.host = settings.bindAddress();
                cfg.jetty.port = settings.port();
                settings.tls().ifPresent(tls -> TlsConnector.install(cfg, settings, tls));
              });
      Optional<Path> adminKeyFile = writeFirstAdminKey(tenants, dataDir);
      WorkerPool workers =
          new WorkerPool(
              jobStore,
              engine,
              tenants,
              objects,
              settings.workers(),
              signal,
              clock,
              apiKeys.newId("worker_"),
              metrics);
      DeliveryStore deliveries = new DeliveryStore(database);
      List<Notifier> notifiers = new ArrayList<>();
      WebhookNotifier webhooks =
          new WebhookNotifier(
              tenants::webhookSecret, clock, settings.notifications().webhookTimeout());
      notifiers.add(webhooks);
      Optional<EmailNotifier> email = settings.notifications().smtp().map(EmailNotifier::new);
      email.ifPresent(notifiers::add);
      NotificationDispatcher dispatcher =
          new NotificationDispatcher(deliveries, notifiers, settings.notifications(), clock);
      ActivityDispatcher activityDispatcher =
          new ActivityDispatcher(activity, webhooks, email, settings.notifications(), clock);
      if (ingestSettings.sftp().isPresent()) {
        sftp =
            Optional.of(
                SftpEndpoint.start(
                    ingestSettings.sftp().get(),
                    ingestSettings
                        .hostKeyFile()
                        .orElse(dataDir.resolve("sftp").resolve("ssh_host_ecdsa_key")),
                    sftpAccounts,
                    objects,
                    audit,
                    activity,
                    inbox,
                    clock));
      }
      app.start();
      workers.start();
      dispatcher.start();
      inbox.start();
      activityDispatcher.start();
      LOG.info(
          "deid server listening on {}://{}:{} with {} worker thread(s)",
          settings.tls().isPresent() ? "https" : "http",
          settings.bindAddress(),
          app.port(),
          settings.workers().threads());
      return new DeidServer(
          lock,
          database,
          app,
          workers,
          dispatcher,
          deliveries,
          tenants,
          jobStore,
          adminKeyFile,
          new Ingest(sftp, inbox, activity, activityDispatcher));
    } catch (IOException | RuntimeException e) {
      sftp.ifPresent(SftpEndpoint::close);
      if (database != null) {
        database.close();
      }
      if (lock != null) {
        lock.close();
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot prepare the data folder", io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void checkListener(ServerSettings settings) {
    if (settings.tls().isPresent()) {
      return;
    }
    try {
      InetAddress address = InetAddress.getByName(settings.bindAddress());
      if (!address.isLoopbackAddress()) {
        throw new ConfigException(
            "without TLS the server listens on loopback only; configure a certificate"
                + " (--tls-cert) to bind to "
                + settings.bindAddress());
      }
    } catch (UnknownHostException e) {
      throw new ConfigException("the bind address cannot be resolved");
    }
  }

  private static Optional<Path> writeFirstAdminKey(TenantService tenants, Path dataDir)
      throws IOException {
    Path file = dataDir.resolve("admin.key");
    Optional<String> key = tenants.issueFirstAdminKey();
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Files.deleteIfExists(file);
    MasterKey.SecretFiles.writeOwnerOnly(
        file, (key.get() + "\n").getBytes(StandardCharsets.US_ASCII));
    LOG.info("first start: the admin API key was written to {} (mode 0600); keep it safe", file);
    return Optional.of(file);
  }

  /**
   * Returns the port the API listens on.
   *
   * @return the port
   */
  public int port() {
    return app.port();
  }

  /**
   * Returns where the first admin key was written on this start, if it was.
   *
   * @return the admin key file, empty when the key already existed
   */
  public Optional<Path> adminKeyFile() {
    return adminKeyFile;
  }

  /**
   * Returns the registered routes (for the OpenAPI test).
   *
   * @return the routes
   */
  public List<org.deid.server.api.RouteTable.Route> routes() {
    return app.routes();
  }

  /**
   * Returns the delivery store (for operators and tests).
   *
   * @return the deliveries
   */
  public DeliveryStore deliveries() {
    return deliveries;
  }

  /**
   * Returns the job store (for operators and tests).
   *
   * @return the job store
   */
  public JobStore jobStore() {
    return jobStore;
  }

  /**
   * Returns the tenant service (for tools and tests).
   *
   * @return the tenant service
   */
  public TenantService tenants() {
    return tenants;
  }

  /**
   * Returns the port the SFTP endpoint listens on.
   *
   * @return the port, empty when SFTP is off
   */
  public Optional<Integer> sftpPort() {
    return ingest.sftp().map(SftpEndpoint::port);
  }

  /**
   * Returns the SFTP host key fingerprint.
   *
   * @return {@code SHA256:...}, empty when SFTP is off
   */
  public Optional<String> sftpHostKeyFingerprint() {
    return ingest.sftp().map(SftpEndpoint::hostKeyFingerprint);
  }

  /**
   * Returns the inbox (for tools and tests).
   *
   * @return the inbox service
   */
  public InboxService inbox() {
    return ingest.inbox();
  }

  /**
   * Returns the client activity log (for operators and tests).
   *
   * @return the activity log
   */
  public ActivityLog activity() {
    return ingest.activity();
  }

  /** Stops the API, returns running jobs to the queue, stops notifications, closes the database. */
  @Override
  public void close() {
    LOG.info("shutting down");
    ingest.sftp().ifPresent(SftpEndpoint::close);
    app.stop();
    ingest.close();
    workers.close();
    dispatcher.close();
    database.close();
    lock.close();
    LOG.info("stopped");
  }
}
