package org.deid.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deid.server.db.Database;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.testing.TestPostgres;
import org.deid.server.testing.WorkerProcess;

/**
 * Queue throughput on PostgreSQL (not a test): trivial jobs claimed and completed per second by 1,
 * 2 and 4 worker processes ({@link QueueBenchWorker}), each claiming in batches with {@code FOR
 * UPDATE SKIP LOCKED} and completing every job in its own transaction (state change, event,
 * outbox), as {@code deid worker} does. The PostgreSQL server is the embedded one of the tests with
 * its default durability (fsync and synchronous commit on), unless {@code DEID_BENCH_DB} names
 * another database (login from {@code DEID_DB_USER}, {@code DEID_DB_PASSWORD}).
 *
 * <p>Run with {@code bench/scale-out.sh queue [JOBS] [PROCESSES] [THREADS] [BATCH]}.
 */
public final class QueueBenchmark {
  private QueueBenchmark() {}

  /**
   * Runs the benchmark and prints one line per process count.
   *
   * @param args jobs per run (20000), process counts (1,2,4), threads per process (2), batch (16)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    List<String> counts =
        java.util.Arrays.stream((args.length > 1 ? args[1] : "1,2,4").split(",", -1))
            .filter(c -> !c.isBlank())
            .toList();
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    Path work = Files.createTempDirectory("deid-queue-bench-");
    String external = System.getenv("DEID_BENCH_DB");
    TestPostgres postgres = external == null ? TestPostgres.dedicated(true) : null;
    Map<String, String> env = external == null ? TestPostgres.env() : System.getenv();
    System.out.printf(
        Locale.ROOT,
        "# queue benchmark: %d trivial jobs per run, %d thread(s) per process, batch %d, %s,"
            + " %d cores%n",
        jobs,
        threads,
        batch,
        external == null ? "embedded PostgreSQL 14 (fsync on, synchronous_commit on)" : external,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| worker processes | jobs | seconds | jobs/s |");
    System.out.println("|---|---|---|---|");
    try {
      for (String count : counts) {
        int processes = Integer.parseInt(count.strip());
        String url = external != null ? external : postgres.newDatabaseUrl();
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(url, env, 4);
        try (Database database = Database.open(settings, "deid-bench")) {
          clear(database);
          seed(database, jobs);
          Path go = work.resolve("go-" + processes);
          List<WorkerProcess> workers = new ArrayList<>();
          for (int p = 0; p < processes; p++) {
            workers.add(
                WorkerProcess.start(
                    List.of("-Xmx128m", "-XX:+UseSerialGC"),
                    QueueBenchWorker.class.getName(),
                    List.of(url, go.toString(), Integer.toString(threads), Integer.toString(batch)),
                    env,
                    work.resolve("worker-" + processes + "-" + p + ".log")));
          }
          for (WorkerProcess worker : workers) {
            worker.awaitLog("ready", Duration.ofMinutes(2));
          }
          long start = System.nanoTime();
          Files.createFile(go);
          for (WorkerProcess worker : workers) {
            worker.awaitLog("done ", Duration.ofMinutes(30));
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          check(database, jobs);
          System.out.printf(
              Locale.ROOT, "| %d | %d | %.2f | %.0f |%n", processes, jobs, seconds, jobs / seconds);
          workers.forEach(WorkerProcess::close);
        }
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static void clear(Database database) throws Exception {
    try (Connection c = database.connection()) {
      for (String table : List.of("deliveries", "job_events", "jobs")) {
        c.createStatement().executeUpdate("DELETE FROM " + table);
      }
    }
  }

  /** Queues the jobs directly (bulk insert): seeding is not what is measured. */
  private static void seed(Database database, int jobs) throws Exception {
    long now = System.currentTimeMillis();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO jobs (id, client_id, state, priority, policy_version, keys_version,"
                    + " inputs, output_prefix, attempts, max_attempts, next_run_at,"
                    + " cancel_requested, rows_done, rows_read, rows_written, rows_rejected,"
                    + " outputs, created_at, updated_at, version) VALUES (?, 'bench', 'QUEUED', 0,"
                    + " 1, 1, '[\"in/x.csv\"]', 'out/', 0, 3, ?, FALSE, 0, 0, 0, 0, '[]', ?, ?, 0)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < jobs; i++) {
        s.setString(1, String.format(Locale.ROOT, "job_%08d", i));
        s.setLong(2, now);
        s.setLong(3, now);
        s.setLong(4, now);
        s.addBatch();
        if (i % 1000 == 999) {
          s.executeBatch();
        }
      }
      s.executeBatch();
      c.commit();
      c.setAutoCommit(true);
    }
  }

  /** Every job succeeded exactly once. */
  private static void check(Database database, int jobs) throws Exception {
    try (Connection c = database.connection();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT COUNT(*), SUM(CASE WHEN attempts = 1 THEN 1 ELSE 0 END),"
                        + " (SELECT COUNT(*) FROM job_events WHERE to_state = 'SUCCEEDED')"
                        + " FROM jobs WHERE state = 'SUCCEEDED'")) {
      r.next();
      if (r.getInt(1) != jobs || r.getInt(2) != jobs || r.getInt(3) != jobs) {
        throw new IllegalStateException(
            "expected "
                + jobs
                + " jobs succeeded once each, got "
                + r.getInt(1)
                + " / "
                + r.getInt(2)
                + " / "
                + r.getInt(3));
      }
    }
  }
}
