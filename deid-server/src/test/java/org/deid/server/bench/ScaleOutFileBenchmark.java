package org.deid.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.ServerMain;
import org.deid.server.api.ServerApp;
import org.deid.server.config.ServerSettings;
import org.deid.server.storage.s3.S3ObjectStorage;
import org.deid.server.storage.s3.S3Settings;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.TestPostgres;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WorkerProcess;
import org.deid.server.worker.CoreJobRunner;
import org.deid.server.worker.WorkerSettings;

/**
 * One large file through the scaled-out deployment (not a test): an API node with no workers on
 * PostgreSQL and S3 (S3Proxy, filesystem backend, a separate process), one {@code deid worker}
 * process with the real core. Measures the streamed upload (SHA-256 checked), the job (read from
 * S3, de-identify, multipart upload of the output) and the streamed download. The file repeats the
 * rows of {@code examples/patients.csv} up to the size asked for.
 *
 * <p>Run with {@code bench/scale-out.sh file [MEGABYTES]}.
 */
public final class ScaleOutFileBenchmark {
  private ScaleOutFileBenchmark() {}

  /**
   * Runs the benchmark and prints the timings.
   *
   * @param args examples folder, size in MB (default 1024)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path examples = Path.of(args[0]);
    int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    Path work = Files.createTempDirectory("deid-file-bench-");
    try (TestPostgres postgres = TestPostgres.dedicated(true)) {
      String db = postgres.newDatabaseUrl();
      S3Settings bucket = S3Proxy.get().newBucket("bench/");
      Map<String, String> env = new HashMap<>(TestServer.ENV);
      env.putAll(TestPostgres.env());
      env.put("AWS_ACCESS_KEY_ID", S3Proxy.IDENTITY);
      env.put("AWS_SECRET_ACCESS_KEY", S3Proxy.CREDENTIAL);
      env.put("AWS_REGION", "us-east-1");
      env.put("DEID_S3_ENDPOINT", S3Proxy.get().endpoint().toString());
      WorkerSettings w = WorkerSettings.defaults();
      ServerSettings settings =
          ServerSettings.defaults(work.resolve("api"))
              .withPort(0)
              .withLimits(new ServerApp.Limits(16L << 30, 1 << 20, 100_000, 100_000))
              .withDatabase(Optional.of(TestPostgres.settings(db)))
              .withWorkers(
                  new WorkerSettings(
                      0, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry()));
      try (S3ObjectStorage storage = new S3ObjectStorage(bucket, S3Proxy.credentials())) {
        DeidServer server =
            DeidServer.start(
                settings, new CoreJobRunner(), Optional.of(storage), env, Clock.systemUTC());
        WorkerProcess worker =
            WorkerProcess.start(
                List.of("-Xmx512m"),
                ServerMain.class.getName(),
                List.of(
                    "worker",
                    "--db",
                    db,
                    "--storage",
                    "s3://" + bucket.bucket() + "/bench/",
                    "--threads",
                    "1",
                    "--poll",
                    "200"),
                env,
                work.resolve("worker.log"));
        try {
          worker.awaitLog(" running;", Duration.ofMinutes(2));
          run(server.port(), work, examples, megabytes);
        } finally {
          worker.terminate();
          server.close();
        }
      }
    } finally {
      S3Proxy.get().stop();
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(int port, Path work, Path examples, int megabytes) throws Exception {
    Api admin = Api.as(port, Fixture.adminKey(work.resolve("api")));
    String key = Fixture.exampleClient(admin, "bench", examples).apiKey();
    Path input = work.resolve("big.csv");
    long rows = generate(examples.resolve("patients.csv"), input, (long) megabytes << 20);
    long inputBytes = Files.size(input);

    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    long start = System.nanoTime();
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/files/in/big.csv"))
                .header("Authorization", "Bearer " + key)
                .PUT(HttpRequest.BodyPublishers.ofFile(input))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double upload = seconds(start);
    if (put.statusCode() != 201) {
      throw new IllegalStateException("upload answered " + put.statusCode());
    }
    Api api = Api.as(port, key);
    start = System.nanoTime();
    String jobId = Fixture.submit(api, List.of("in/big.csv"), "out/");
    JsonNode job;
    do {
      Thread.sleep(250);
      job = api.get("/v1/jobs/" + jobId).json();
    } while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.get("state").asText()));
    double jobSeconds = seconds(start);
    if (!job.get("state").asText().equals("SUCCEEDED")) {
      throw new IllegalStateException("the job did not succeed: " + job);
    }
    start = System.nanoTime();
    long received = 0;
    HttpResponse<InputStream> get =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/files/out/big.csv"))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = get.body();
        OutputStream out = Files.newOutputStream(work.resolve("big.deid.csv"))) {
      received = in.transferTo(out);
    }
    double download = seconds(start);
    double inMb = inputBytes / 1048576.0;
    double outMb = received / 1048576.0;
    System.out.printf(
        Locale.ROOT,
        "| upload %.0f MB (SHA-256 checked, multipart to S3) | %.1f s | %.0f MB/s |%n",
        inMb,
        upload,
        inMb / upload);
    System.out.printf(
        Locale.ROOT,
        "| job: %d rows from S3, core, %.0f MB output to S3 (1 deid worker process, 1 thread) |"
            + " %.1f s | %.0f MB/s, %.0f rows/s |%n",
        rows,
        outMb,
        jobSeconds,
        inMb / jobSeconds,
        rows / jobSeconds);
    System.out.printf(
        Locale.ROOT,
        "| download %.0f MB output | %.1f s | %.0f MB/s |%n",
        outMb,
        download,
        outMb / download);
    System.out.println("report: " + new ObjectMapper().writeValueAsString(job.get("outputs")));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Writes the header once, then the sample's rows again and again up to the size. */
  private static long generate(Path sample, Path target, long bytes) throws Exception {
    List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
    long rows = 0;
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      out.write(lines.get(0));
      out.write('\n');
      while (written < bytes) {
        for (int i = 1; i < lines.size() && written < bytes; i++) {
          out.write(lines.get(i));
          out.write('\n');
          written += lines.get(i).length() + 1;
          rows++;
        }
      }
    }
    return rows;
  }
}
