package org.deid.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        ServerBenchmark.bigFile("S3 storage (S3Proxy): ", server.port(), key, work, megabytes);
      } finally {
        server.close();
      }
    } finally {
      S3Proxy.get().stop();
    }
  }
}
