package org.deid.server.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deid.server.config.ConfigException;

/**
 * Where a server database is and how to log in: the JDBC URL from {@code --db}, the user and
 * password from the environment ({@code DEID_DB_USER}, {@code DEID_DB_PASSWORD} or {@code
 * DEID_DB_PASSWORD_FILE}), never from the command line. The URL may not carry a password.
 *
 * @param url a {@code jdbc:postgresql://host:port/database} URL
 * @param user the login role, if not in the URL
 * @param password the password, if any
 * @param maxConnections the pool size of this process
 */
public record DatabaseSettings(
    String url, Optional<String> user, Optional<String> password, int maxConnections) {
  /** The default pool size of one process. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10;

  /**
   * Checks the values.
   *
   * @throws ConfigException if the URL is not a PostgreSQL URL or carries a password
   */
  public DatabaseSettings {
    if (url == null || !url.startsWith("jdbc:postgresql://")) {
      throw new ConfigException(
          "--db must be a PostgreSQL JDBC URL: jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
    if (url.toLowerCase(Locale.ROOT).contains("password=")) {
      throw new ConfigException(
          "--db must not contain a password: set DEID_DB_PASSWORD or DEID_DB_PASSWORD_FILE");
    }
    if (maxConnections < 2) {
      throw new ConfigException("the database pool needs at least 2 connections");
    }
  }

  /**
   * Reads the credentials from the environment.
   *
   * @param url the URL from {@code --db}
   * @param env the environment
   * @param maxConnections the pool size
   * @return the settings
   * @throws ConfigException if the password file cannot be read
   */
  public static DatabaseSettings fromEnvironment(
      String url, Map<String, String> env, int maxConnections) {
    Optional<String> user = nonBlank(env.get("DEID_DB_USER"));
    Optional<String> password;
    Optional<String> file = nonBlank(env.get("DEID_DB_PASSWORD_FILE"));
    if (file.isPresent()) {
      try {
        password =
            Optional.of(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read DEID_DB_PASSWORD_FILE (" + e.getClass().getSimpleName() + ")");
      }
    } else {
      password = nonBlank(env.get("DEID_DB_PASSWORD"));
    }
    return new DatabaseSettings(url, user, password, maxConnections);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /**
   * Returns the URL without its query (host, port and database only) for logs and messages.
   *
   * @return the URL up to the first {@code ?}
   */
  public String describe() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + describe() + ", user=" + user.orElse("(from URL)") + "]";
  }
}
