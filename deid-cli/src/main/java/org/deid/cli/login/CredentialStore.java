package org.deid.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;

/**
 * The credentials file {@code credentials.json} in {@code $XDG_CONFIG_HOME/deid} (or {@code
 * ~/.config/deid}): the directory is 0700, the file is created 0600 from the start (written to a
 * private temporary file, then renamed), so the API key is never readable by other users, not even
 * for a moment. A file system without POSIX permissions is refused.
 */
public final class CredentialStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "credentials.json";

  private final Path directory;

  private CredentialStore(Path directory) {
    this.directory = directory;
  }

  /**
   * Finds the store for an environment.
   *
   * @param env the environment ({@code XDG_CONFIG_HOME}, {@code HOME})
   * @return the store (its files may not exist yet)
   */
  public static CredentialStore locate(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return new CredentialStore(Path.of(xdg, "deid"));
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    return new CredentialStore(Path.of(home, ".config", "deid"));
  }

  /**
   * Returns the credentials file's path.
   *
   * @return the path
   */
  public Path file() {
    return directory.resolve(FILE);
  }

  /**
   * Reads the stored credentials.
   *
   * @return the credentials, empty when nobody is logged in
   * @throws CliFailure (usage) if the file exists but is unreadable or damaged
   */
  public Optional<Credentials> read() {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.USAGE, file() + ": cannot read the credentials; run deid login again");
    }
    String server = root == null ? "" : root.path("server").asText("");
    String apiKey = root == null ? "" : root.path("apiKey").asText("");
    if (server.isEmpty() || apiKey.isEmpty()) {
      throw new CliFailure(
          ExitCodes.USAGE, file() + ": the credentials are incomplete; run deid login again");
    }
    String pin = root.path("certificateSha256").asText("");
    return Optional.of(
        new Credentials(server, apiKey, pin.isEmpty() ? Optional.empty() : Optional.of(pin)));
  }

  /**
   * Stores credentials, replacing earlier ones.
   *
   * @param credentials what to store
   * @throws CliFailure (run failed) if the file cannot be written privately
   */
  public void write(Credentials credentials) {
    ObjectNode root = JSON.createObjectNode();
    root.put("server", credentials.server());
    root.put("apiKey", credentials.apiKey());
    credentials.certificateSha256().ifPresent(pin -> root.put("certificateSha256", pin));
    Path temp = null;
    try {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      temp =
          Files.createTempFile(
              directory,
              ".credentials.",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try {
        Files.move(
            temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (UnsupportedOperationException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          directory + ": the file system has no POSIX permissions; credentials are not stored");
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          file() + ": cannot store the credentials (" + e.getClass().getSimpleName() + ")");
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort; the file is private
        }
      }
    }
  }

  /**
   * Deletes the stored credentials.
   *
   * @return true if there were any
   */
  public boolean delete() {
    try {
      return Files.deleteIfExists(file());
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          file() + ": cannot delete the credentials (" + e.getClass().getSimpleName() + ")");
    }
  }
}
