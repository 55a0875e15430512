package org.deid.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.deid.server.storage.s3.S3Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy with its filesystem backend, run as a separate
 * {@code java -jar} process from {@code target/s3proxy/s3proxy.jar} (copied there by the build), on
 * a free loopback port with a test identity. Started once per test JVM on first use; stopped, and
 * its folder deleted, when the JVM exits. Each caller gets a fresh bucket.
 */
public final class S3Proxy {
  /** The access key the test server accepts. */
  public static final String IDENTITY = "deid-test-identity";

  /** The secret key the test server accepts. */
  public static final String CREDENTIAL = "deid-test-credential";

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3Proxy instance;

  private final Process process;
  private final Path folder;
  private final URI endpoint;

  private S3Proxy(Process process, Path folder, URI endpoint) {
    this.process = process;
    this.folder = folder;
    this.endpoint = endpoint;
  }

  /**
   * Returns the running server, starting it on first use.
   *
   * @return the server
   */
  public static synchronized S3Proxy get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "s3proxy-stop"));
    }
    return instance;
  }

  /**
   * Returns the endpoint, for example {@code http://127.0.0.1:41234}.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Returns credentials for the test identity.
   *
   * @return the provider
   */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
  }

  /**
   * Creates a new empty bucket and returns settings for it under a prefix.
   *
   * @param prefix the key prefix (may be empty)
   * @return settings pointing at the new bucket on this server
   */
  public S3Settings newBucket(String prefix) {
    String bucket = "deid-test-" + BUCKETS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(bucket));
    }
    return S3Settings.parse(
        URI.create("s3://" + bucket + "/" + prefix),
        java.util.Optional.of(endpoint),
        java.util.Optional.empty());
  }

  /**
   * Opens a plain SDK client on this server (for test set-up and inspection).
   *
   * @return a client; the caller closes it
   */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .build();
  }

  private static S3Proxy start() {
    Path jar = Path.of(System.getProperty("deid.test.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Proxy is missing at "
              + jar
              + "; run the tests through Maven (mvn verify) to fetch it");
    }
    try {
      Path folder = Files.createTempDirectory("deid-s3proxy-");
      Path data = Files.createDirectories(folder.resolve("data"));
      int port = freePort();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      Path properties = folder.resolve("s3proxy.properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + IDENTITY,
              "s3proxy.credential=" + CREDENTIAL,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + data,
              ""),
          StandardCharsets.UTF_8);
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "-Xmx256m",
                      "-jar",
                      jar.toAbsolutePath().toString(),
                      "--properties",
                      properties.toString()))
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("s3proxy.log").toFile())
              .start();
      S3Proxy proxy = new S3Proxy(process, folder, endpoint);
      proxy.awaitReady(Duration.ofSeconds(60));
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy", e);
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = Files.readString(folder.resolve("s3proxy.log"), StandardCharsets.UTF_8);
        stop();
        throw new IllegalStateException("S3Proxy exited during start:\n" + log);
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        connection.getResponseCode();
        connection.disconnect();
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    stop();
    throw new IllegalStateException("S3Proxy did not answer within " + timeout);
  }

  /** Stops the process and deletes its folder. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder; nothing else to do at JVM exit
    }
  }

  /**
   * Returns a loopback port that was free a moment ago.
   *
   * @return the port
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
    }
  }
}
