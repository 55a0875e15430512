package org.deid.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.activity.ActivityEvent;
import org.deid.server.activity.ActivityLog;
import org.deid.server.api.ServerApp;
import org.deid.server.audit.AuditLog;
import org.deid.server.config.ConfigException;
import org.deid.server.config.DataDirLock;
import org.deid.server.config.MasterKey;
import org.deid.server.config.ServerSettings;
import org.deid.server.config.TlsConnector;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.inbox.InboxRepository;
import org.deid.server.inbox.InboxService;
import org.deid.server.job.JobService;
import org.deid.server.job.JobStore;
import org.deid.server.job.QueueSignal;
import org.deid.server.notify.DeliveryStore;
import org.deid.server.notify.Notification;
import org.deid.server.notify.OutboxDispatcher;
import org.deid.server.run.RunLog;
import org.deid.server.sftp.SftpAccounts;
import org.deid.server.sftp.SftpEndpoint;
import org.deid.server.sftp.SftpRepository;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.tenant.TenantService;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API node in one object: the HTTP API, in-process workers (none with {@code --workers 0}), the
 * lease reaper, the notification dispatchers, the inbox and (with a port) the SFTP endpoint, on the
 * embedded database and storage under the data folder or on a shared PostgreSQL database and object
 * store (then any number of API nodes and {@link DeidWorker} processes cooperate through the
 * database). {@link #close()} shuts down gracefully: the API stops first, running jobs go back to
 * the queue, then the database closes.
 */
public final class DeidServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeidServer.class);

  private final DataDirLock lock;
  private final Database database;
  private final ServerApp app;
  private final WorkerPool workers;
  private final OutboxDispatcher<Notification> dispatcher;
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
      OutboxDispatcher<ActivityEvent> dispatcher) {
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
      OutboxDispatcher<Notification> dispatcher,
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
    Database database = null;
    DataDirLock lock = null;
    Optional<SftpEndpoint> sftp = Optional.empty();
    try {
      createPrivateFolder(dataDir);
      lock = DataDirLock.acquire(dataDir);
      MasterKey.Loaded master =
          settings.database().isPresent()
              ? MasterKey.loadShared(env)
              : MasterKey.load(env, dataDir);
      if (master.generated()) {
        LOG.warn("master key from {}; back it up apart from the database", master.source());
      } else {
        LOG.info("master key from {}", master.source());
      }
      database =
          settings.database().isPresent()
              ? Database.open(settings.database().get(), "deid-server")
              : Database.openEmbedded(dataDir.resolve("db"));
      Backend backend = Backend.open(database, master.key(), engine, clock);
      ObjectStorage objects =
          storage.isPresent() ? storage.get() : new LocalObjectStorage(dataDir.resolve("storage"));
      TenantService tenants = backend.tenants();
      JobStore jobStore = backend.jobStore();
      QueueSignal signal = new QueueSignal();
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      JobService jobs =
          new JobService(
              jobStore,
              backend.tenantRepository(),
              objects,
              backend.apiKeys(),
              clock,
              settings.maxAttempts());
      AuditLog audit = new AuditLog(database);
      ActivityLog activity = backend.activity();
      InboxService inbox =
          new InboxService(
              new InboxRepository(database),
              tenants,
              jobs,
              signal,
              objects,
              activity,
              audit,
              backend.apiKeys(),
              clock,
              ingestSettings.inbox(),
              backend.newWorkerId());
      SftpAccounts sftpAccounts =
          new SftpAccounts(
              new SftpRepository(database), tenants, backend.apiKeys(), new SecureRandom(), clock);
      ServerApp app =
          new ServerApp(
              new ServerApp.Services(
                  tenants,
                  backend.keyRepository(),
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
              backend.newWorkerId(),
              metrics);
      Backend.Notifiers notifiers = backend.notifiers(settings.notifications(), clock);
      OutboxDispatcher<Notification> dispatcher =
          backend.dispatcher(notifiers, settings.notifications(), clock);
      OutboxDispatcher<ActivityEvent> activityDispatcher =
          backend.activityDispatcher(notifiers, settings.notifications(), clock);
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
          "deid server listening on {}://{}:{} with {} worker thread(s), {} database",
          settings.tls().isPresent() ? "https" : "http",
          settings.bindAddress(),
          app.port(),
          settings.workers().threads(),
          settings.database().map(DatabaseSettings::describe).orElse("embedded"));
      return new DeidServer(
          lock,
          database,
          app,
          workers,
          dispatcher,
          backend.deliveries(),
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

  /**
   * A new data folder is created 0700: it holds the clients' files, the database and the admin key
   * (the files themselves are 0600 as well). An existing folder keeps its permissions.
   */
  private static void createPrivateFolder(Path dataDir) throws IOException {
    if (Files.isDirectory(dataDir)) {
      return;
    }
    if (dataDir.getParent() != null) {
      Files.createDirectories(dataDir.getParent());
    }
    try {
      Files.createDirectory(
          dataDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(dataDir);
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
    boolean issued =
        tenants.issueFirstAdminKey(
            new TenantService.KeyDelivery() {
              @Override
              public void deliver(String key) throws IOException {
                // a private temporary file renamed into place: never a partial or readable key file
                Path temp = dataDir.resolve("admin.key.tmp");
                Files.deleteIfExists(temp);
                try {
                  MasterKey.SecretFiles.writeOwnerOnly(
                      temp, (key + "\n").getBytes(StandardCharsets.US_ASCII));
                  try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                  }
                  Files.move(
                      temp,
                      file,
                      StandardCopyOption.ATOMIC_MOVE,
                      StandardCopyOption.REPLACE_EXISTING);
                } finally {
                  Files.deleteIfExists(temp);
                }
              }

              @Override
              public void withdraw() throws IOException {
                Files.deleteIfExists(file);
              }
            });
    if (!issued) {
      return Optional.empty();
    }
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
