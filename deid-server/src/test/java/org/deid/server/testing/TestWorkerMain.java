package org.deid.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidWorker;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.job.RetryPolicy;
import org.deid.server.notify.NotifySettings;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StorageLocations;
import org.deid.server.worker.WorkerSettings;

/**
 * A worker process for fault tests: {@link DeidWorker} (the code of {@code deid worker}) with the
 * {@link LineEngine} slowed by {@link ThrottledEngine} and fast test timings. Arguments: {@code
 * DB_URL STORAGE_URL MILLIS_PER_LINE LEASE_MILLIS}. The database login, master key and S3 settings
 * come from the environment as for {@code deid worker}. Prints {@code ready WORKER_ID} once it
 * works.
 */
public final class TestWorkerMain {
  private TestWorkerMain() {}

  /**
   * Runs until killed (SIGTERM: graceful shutdown).
   *
   * @param args database URL, storage URL, pause per input line, lease
   * @throws InterruptedException never in practice
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    WorkerSettings workers =
        new WorkerSettings(
            2,
            lease,
            lease.dividedBy(8),
            Duration.ofMillis(100),
            Duration.ofMinutes(2),
            RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofMillis(400)));
    ObjectStorage storage =
        StorageLocations.open(
            args[1],
            Optional.ofNullable(env.get("DEID_S3_ENDPOINT")),
            Optional.ofNullable(env.get("AWS_REGION")));
    DeidWorker worker =
        DeidWorker.start(
            new DeidWorker.Settings(
                DatabaseSettings.fromEnvironment(args[0], env, 6),
                workers,
                NotifySettings.defaults()),
            new ThrottledEngine(new LineEngine(), Long.parseLong(args[2])),
            storage,
            env,
            Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "worker-stop"));
    System.out.println("ready " + worker.workerId());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
