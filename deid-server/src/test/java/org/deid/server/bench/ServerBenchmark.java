package org.deid.server.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.server.DeidServer;
import org.deid.server.config.ServerSettings;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.worker.CoreJobRunner;
import org.deid.server.worker.WorkerSettings;

/**
 * End-to-end benchmark over real HTTP (not a test): tiny jobs per second, and upload/download MB/s
 * of a large file. Run with the test classpath: {@code java -cp ...
 * org.deid.server.bench.ServerBenchmark WORKDIR [JOBS] [UPLOAD_MB] [EXAMPLES_DIR]} (tiny jobs: the
 * first two rows of {@code examples/patients.csv} under {@code examples/safe-harbor.yaml}).
 */
public final class ServerBenchmark {
  private ServerBenchmark() {}

  /**
   * Runs the benchmark and prints one line per measurement.
   *
   * @param args work folder, number of tiny jobs, upload size in MB
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int megabytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    Files.createDirectories(work);
    ServerSettings defaults = ServerSettings.defaults(work.resolve("data")).withPort(0);
    WorkerSettings w = WorkerSettings.defaults();
    ServerSettings settings =
        defaults
            .withWorkers(
                new WorkerSettings(
                    4, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry()))
            .withLimits(
                new org.deid.server.api.ServerApp.Limits(16L << 30, 1 << 20, 100_000, 100_000));
    DeidServer server =
        DeidServer.start(
            settings,
            new CoreJobRunner(),
            Optional.empty(),
            org.deid.server.testing.TestServer.ENV,
            java.time.Clock.systemUTC());
    try {
      Api admin = Api.as(server.port(), Fixture.adminKey(work.resolve("data")));
      Path examples = Path.of(args.length > 3 ? args[3] : "examples");
      String key = Fixture.exampleClient(admin, "bench", examples).apiKey();
      Api api = Api.as(server.port(), key);
      List<String> lines =
          Files.readAllLines(examples.resolve("patients.csv"), StandardCharsets.UTF_8);
      tinyJobs(api, jobs, String.join("\n", lines.subList(0, 3)) + "\n");
      bigFile("", server.port(), key, work, megabytes);
    } finally {
      server.close();
    }
  }

  private static void tinyJobs(Api api, int jobs, String tinyCsv) throws Exception {
    api.put("/v1/files/in/tiny.csv", tinyCsv.getBytes(StandardCharsets.UTF_8));
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      int n = i;
      ids.add(
          submitters.submit(() -> Fixture.submit(api, List.of("in/tiny.csv"), "out/" + n + "/")));
    }
    for (Future<String> id : ids) {
      id.get();
    }
    // A few list calls per 100 ms instead of a poll per job, so the client does not load the
    // server.
    while (count(api, "FAILED") + count(api, "CANCELLED") == 0) {
      if (count(api, "SUCCEEDED") >= jobs) {
        break;
      }
      Thread.sleep(100);
    }
    if (count(api, "SUCCEEDED") < jobs) {
      throw new IllegalStateException("some tiny jobs failed or were cancelled");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    submitters.shutdown();
    System.out.printf(
        Locale.ROOT, "tiny jobs: %d in %.2f s = %.1f jobs/s%n", jobs, seconds, jobs / seconds);
  }

  /** Counts the client's jobs in a state, page by page. */
  private static long count(Api api, String state) {
    long total = 0;
    String after = "";
    while (true) {
      var page = api.get("/v1/jobs?limit=1000&state=" + state + after).json();
      total += page.get("jobs").size();
      if (!page.hasNonNull("next")) {
        return total;
      }
      after = "&after=" + page.get("next").asText();
    }
  }

  /**
   * Uploads and downloads one generated file through the API and prints both rates.
   *
   * @param label what the line is about, printed first (empty for the plain server)
   * @param port the server's port
   * @param key a client's API key
   * @param work a folder for the generated file
   * @param megabytes the file's size
   * @throws Exception if a transfer fails
   */
  static void bigFile(String label, int port, String key, Path work, int megabytes)
      throws Exception {
    Path big = work.resolve("big.bin");
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (i * 31 + 7);
    }
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < megabytes; i++) {
        block[0] = (byte) i;
        out.write(block);
      }
    }
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/files/big/big.bin");
    long start = System.nanoTime();
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key)
                .PUT(HttpRequest.BodyPublishers.ofFile(big))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double upload = (System.nanoTime() - start) / 1e9;
    if (put.statusCode() != 201) {
      throw new IllegalStateException("upload answered " + put.statusCode());
    }
    start = System.nanoTime();
    long received = 0;
    HttpResponse<InputStream> get =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = get.body()) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received += n;
      }
    }
    double download = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%supload %d MB (with SHA-256): %.2f s = %.0f MB/s; download %d MB: %.2f s = %.0f MB/s;"
            + " max heap %d MB%n",
        label,
        megabytes,
        upload,
        megabytes / upload,
        received >> 20,
        download,
        (received >> 20) / download,
        Runtime.getRuntime().maxMemory() >> 20);
    Files.delete(big);
  }
}
