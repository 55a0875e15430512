package org.deid.server.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.IngestSettings;
import org.deid.server.config.ServerSettings;
import org.deid.server.inbox.InboxSettings;
import org.deid.server.job.RetryPolicy;
import org.deid.server.notify.NotifySettings;
import org.deid.server.sftp.SftpSettings;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.WorkerSettings;

/** Starts a real server on port 0 with fast timings for tests. */
public final class TestServer {
  /** A fixed master key (base64 of 32 bytes) so restarts open the same sealed values. */
  public static final Map<String, String> ENV =
      Map.of("DEID_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

  private TestServer() {}

  /**
   * Returns fast settings: 2 workers, 2 s lease, 100 ms heartbeat, 50 ms poll, 50 ms back-off.
   *
   * @param dataDir the data folder
   * @return the settings
   */
  public static ServerSettings settings(Path dataDir) {
    return ServerSettings.defaults(dataDir)
        .withPort(0)
        .withWorkers(
            new WorkerSettings(
                2,
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofMillis(50),
                Duration.ofMinutes(1),
                RetryPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(200))))
        .withNotifications(
            NotifySettings.defaults()
                .withTiming(
                    Duration.ofMillis(50),
                    3,
                    RetryPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(200))));
  }

  /**
   * Starts a server.
   *
   * @param settings the settings
   * @param engine the engine
   * @param storage the storage, empty for the local folder
   * @return the running server
   */
  public static DeidServer start(
      ServerSettings settings, DeidEngine engine, Optional<ObjectStorage> storage) {
    return DeidServer.start(settings, engine, storage, ENV, Clock.systemUTC());
  }

  /**
   * Returns fast ingest settings: SFTP on a free loopback port, inbox settle 300 ms, poll 50 ms,
   * scan every 500 ms, 2 s claims.
   *
   * @return the settings
   */
  public static IngestSettings ingest() {
    return IngestSettings.defaults()
        .withSftp(SftpSettings.onPort(0))
        .withInbox(
            new InboxSettings(
                Duration.ofMillis(300),
                Duration.ofMillis(50),
                Duration.ofMillis(500),
                Duration.ofSeconds(2)));
  }

  /**
   * Starts a server with SFTP and inbox settings.
   *
   * @param settings the settings
   * @param ingest the SFTP and inbox settings
   * @param engine the engine
   * @param storage the storage, empty for the local folder
   * @return the running server
   */
  public static DeidServer start(
      ServerSettings settings,
      IngestSettings ingest,
      DeidEngine engine,
      Optional<ObjectStorage> storage) {
    return DeidServer.start(settings, ingest, engine, storage, ENV, Clock.systemUTC());
  }
}
