package org.deid.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.job.JdbcJobStore;
import org.deid.server.job.Job;
import org.deid.server.job.JobStore;

/**
 * One worker process of {@link QueueBenchmark}: threads that claim batches of trivial jobs ({@code
 * JobStore.claimBatch}, as {@code deid worker} does) and complete each ({@code JobStore.succeed}:
 * lease check, state change, event, outbox), until the queue is empty. Arguments: {@code DB_URL
 * GO_FILE THREADS BATCH}; login from {@code DEID_DB_USER} / {@code DEID_DB_PASSWORD}. Prints {@code
 * ready}, waits for the go file, then prints {@code done JOBS}.
 */
public final class QueueBenchWorker {
  private QueueBenchWorker() {}

  /**
   * Runs one worker process.
   *
   * @param args database URL, go file, threads, batch size
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    Path go = Path.of(args[1]);
    Clock clock = Clock.systemUTC();
    try (Database database =
        Database.open(
            DatabaseSettings.fromEnvironment(args[0], System.getenv(), threads + 2),
            "deid-bench-worker")) {
      JobStore store = new JdbcJobStore(database);
      System.out.println("ready");
      System.out.flush();
      while (!Files.exists(go)) {
        Thread.sleep(2);
      }
      AtomicLong done = new AtomicLong();
      List<Thread> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String workerId = "bench:" + ProcessHandle.current().pid() + ":" + t;
        Thread thread =
            new Thread(
                () -> {
                  while (true) {
                    List<Job> claimed =
                        store.claimBatch(workerId, clock.instant(), Duration.ofMinutes(5), batch);
                    if (claimed.isEmpty()) {
                      return;
                    }
                    for (Job job : claimed) {
                      if (!store.succeed(job.id(), workerId, List.of(), clock.instant())) {
                        throw new IllegalStateException("lost the lease of " + job.id());
                      }
                      done.incrementAndGet();
                    }
                  }
                });
        thread.start();
        running.add(thread);
      }
      for (Thread thread : running) {
        thread.join();
      }
      System.out.println("done " + done.get());
    }
  }
}
