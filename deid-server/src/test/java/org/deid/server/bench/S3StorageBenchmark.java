package org.deid.server.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.api.ServerApp;
import org.deid.server.config.ServerSettings;
import org.deid.server.storage.s3.S3ObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.TestServer;

/**
 * Upload and download MB/s of a large file through the server's HTTP API with S3 storage (S3Proxy
 * in its own process on loopback). Not a test. Run with the test classpath and {@code
 * -Ddeid.test.s3proxy.jar=deid-server/target/s3proxy/s3proxy.jar}: {@code java -cp ...
 * org.deid.server.bench.S3StorageBenchmark WORKDIR [MEGABYTES]}.
 */
public final class S3StorageBenchmark {
  private S3StorageBenchmark() {}

  /**
   * Runs the benchmark and prints one line.
   *
   * @param args work folder, file size in MB (default 1024)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    ServerSettings settings =
        ServerSettings.defaults(work.resolve("data"))
            .withPort(0)
            .withLimits(new ServerApp.Limits(16L << 30, 1 << 20, 100_000, 100_000));
    try (S3ObjectStorage storage =
        new S3ObjectStorage(S3Proxy.get().newBucket("bench"), S3Proxy.credentials())) {
      DeidServer server =
          DeidServer.start(
              settings, new LineEngine(), Optional.of(storage), TestServer.ENV, Clock.systemUTC());
      try {
        Api admin = Api.as(server.port(), Fixture.adminKey(work.resolve("data")));
        String key = Fixture.client(admin, "bench").apiKey();
        bigFile(server.port(), key, work, megabytes);
      } finally {
        server.close();
      }
    } finally {
      S3Proxy.get().stop();
    }
  }

  private static void bigFile(int port, String key, Path work, int megabytes) throws Exception {
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
        "S3 storage (S3Proxy): upload %d MB (with SHA-256): %.2f s = %.0f MB/s;"
            + " download %d MB: %.2f s = %.0f MB/s; max heap %d MB%n",
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
