package org.deid.server;

import java.util.Map;
import java.util.Optional;
import org.deid.server.config.EnvSecrets;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.SmtpSettings;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StorageLocations;
import picocli.CommandLine.Option;

/** Options that {@code deid server} and {@code deid worker} share (picocli mixins). */
final class SharedOptions {
  private SharedOptions() {}

  /** {@code --db} and the pool size; credentials come from the environment. */
  static final class DatabaseOptions {
    @Option(
        names = "--db",
        paramLabel = "JDBC_URL",
        description =
            "Shared PostgreSQL database: jdbc:postgresql://HOST[:PORT]/DATABASE (login from"
                + " DEID_DB_USER and DEID_DB_PASSWORD or DEID_DB_PASSWORD_FILE).")
    String url;

    @Option(
        names = "--db-pool-size",
        paramLabel = "N",
        description = "Database connections of this process. Default: worker threads + 6.")
    Integer poolSize;

    Optional<DatabaseSettings> settings(Map<String, String> env, int threads) {
      if (url == null || url.isBlank()) {
        return Optional.empty();
      }
      int size = poolSize != null ? poolSize : threads + 6;
      return Optional.of(DatabaseSettings.fromEnvironment(url, env, size));
    }
  }

  /** {@code --storage} and the S3 endpoint and region. */
  static final class StorageOptions {
    @Option(
        names = "--storage",
        paramLabel = "URL",
        description = "Where files live: s3://bucket/prefix or file:///path.")
    String storage;

    @Option(
        names = "--s3-endpoint",
        paramLabel = "URL",
        description =
            "Endpoint of an S3-compatible store (default: DEID_S3_ENDPOINT, else AWS S3).")
    String s3Endpoint;

    @Option(
        names = "--s3-region",
        paramLabel = "REGION",
        description = "S3 region (default: AWS_REGION or the AWS profile).")
    String s3Region;

    boolean given() {
      return storage != null && !storage.isBlank();
    }

    ObjectStorage open(Map<String, String> env) {
      return StorageLocations.open(
          storage,
          Optional.ofNullable(s3Endpoint)
              .or(() -> Optional.ofNullable(env.get("DEID_S3_ENDPOINT"))),
          Optional.ofNullable(s3Region).or(() -> Optional.ofNullable(env.get("AWS_REGION"))));
    }
  }

  /** SMTP for job e-mails; login from the environment. */
  static final class SmtpOptions {
    @Option(
        names = "--smtp-host",
        paramLabel = "HOST",
        description = "SMTP server for job e-mails.")
    String smtpHost;

    @Option(
        names = "--smtp-port",
        defaultValue = "25",
        paramLabel = "PORT",
        description = "SMTP port. Default: ${DEFAULT-VALUE}.")
    int smtpPort;

    @Option(
        names = "--smtp-from",
        defaultValue = "deid@localhost",
        paramLabel = "ADDRESS",
        description = "Sender address. Default: ${DEFAULT-VALUE}.")
    String smtpFrom;

    @Option(names = "--smtp-starttls", description = "Require STARTTLS.")
    boolean smtpStartTls;

    NotifySettings apply(NotifySettings notify, Map<String, String> env) {
      if (smtpHost == null) {
        return notify;
      }
      return notify.withSmtp(
          new SmtpSettings(
              smtpHost,
              smtpPort,
              smtpFrom,
              Optional.ofNullable(env.get("DEID_SMTP_USER")),
              EnvSecrets.read(env, "DEID_SMTP_PASSWORD"),
              smtpStartTls));
    }
  }

  static void closeStorage(ObjectStorage objects) {
    if (objects instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // shutting down; the connections go with the process
      }
    }
  }
}
