package org.deid.server.config;

import java.nio.file.Path;
import java.util.Optional;
import org.deid.server.api.ServerApp;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.notify.NotifySettings;
import org.deid.server.worker.WorkerSettings;

/**
 * Everything {@code deid server} needs to start, with embedded defaults.
 *
 * @param dataDir the data folder: database, storage, admin key
 * @param bindAddress the address to listen on (loopback unless TLS is configured)
 * @param port the port (0 picks a free one)
 * @param tls the certificate for HTTPS, if any
 * @param limits request limits
 * @param workers in-process worker settings (0 threads: API only)
 * @param maxAttempts attempts per job
 * @param notifications e-mail and webhook settings
 * @param database the shared PostgreSQL database, empty for the embedded H2 database under the data
 *     folder
 */
public record ServerSettings(
    Path dataDir,
    String bindAddress,
    int port,
    Optional<TlsSettings> tls,
    ServerApp.Limits limits,
    WorkerSettings workers,
    int maxAttempts,
    NotifySettings notifications,
    Optional<DatabaseSettings> database) {
  /**
   * Returns embedded defaults for a data folder: loopback, port 8080, no TLS, default limits and
   * workers, 3 attempts, no SMTP.
   *
   * @param dataDir the data folder
   * @return the settings
   */
  public static ServerSettings defaults(Path dataDir) {
    return new ServerSettings(
        dataDir,
        "127.0.0.1",
        8080,
        Optional.empty(),
        ServerApp.Limits.defaults(),
        WorkerSettings.defaults(),
        3,
        NotifySettings.defaults(),
        Optional.empty());
  }

  /**
   * Returns a copy with another port.
   *
   * @param newPort the port
   * @return the copy
   */
  public ServerSettings withPort(int newPort) {
    return new ServerSettings(
        dataDir, bindAddress, newPort, tls, limits, workers, maxAttempts, notifications, database);
  }

  /**
   * Returns a copy with other worker settings.
   *
   * @param newWorkers the worker settings
   * @return the copy
   */
  public ServerSettings withWorkers(WorkerSettings newWorkers) {
    return new ServerSettings(
        dataDir, bindAddress, port, tls, limits, newWorkers, maxAttempts, notifications, database);
  }

  /**
   * Returns a copy with other notification settings.
   *
   * @param newNotify the settings
   * @return the copy
   */
  public ServerSettings withNotifications(NotifySettings newNotify) {
    return new ServerSettings(
        dataDir, bindAddress, port, tls, limits, workers, maxAttempts, newNotify, database);
  }

  /**
   * Returns a copy with other request limits.
   *
   * @param newLimits the limits
   * @return the copy
   */
  public ServerSettings withLimits(ServerApp.Limits newLimits) {
    return new ServerSettings(
        dataDir, bindAddress, port, tls, newLimits, workers, maxAttempts, notifications, database);
  }

  /**
   * Returns a copy with another attempt limit.
   *
   * @param newMaxAttempts attempts per job
   * @return the copy
   */
  public ServerSettings withMaxAttempts(int newMaxAttempts) {
    return new ServerSettings(
        dataDir, bindAddress, port, tls, limits, workers, newMaxAttempts, notifications, database);
  }

  /**
   * Returns a copy with a bind address and TLS setting.
   *
   * @param newBind the bind address
   * @param newTls the TLS certificate, if any
   * @return the copy
   */
  public ServerSettings withListener(String newBind, Optional<TlsSettings> newTls) {
    return new ServerSettings(
        dataDir, newBind, port, newTls, limits, workers, maxAttempts, notifications, database);
  }

  /**
   * Returns a copy with a shared database.
   *
   * @param newDatabase the PostgreSQL database, empty for the embedded one
   * @return the copy
   */
  public ServerSettings withDatabase(Optional<DatabaseSettings> newDatabase) {
    return new ServerSettings(
        dataDir, bindAddress, port, tls, limits, workers, maxAttempts, notifications, newDatabase);
  }
}
