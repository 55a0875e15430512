package org.deid.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real OpenSSH {@code sftp} client in batch mode ({@code sftp -b}) against a test server:
 * key login with an identity file, or password login through OpenSSH's own {@code SSH_ASKPASS} with
 * {@code SSH_ASKPASS_REQUIRE=force} (no sshpass needed). Host keys are not checked (each test
 * server has a fresh one) unless the client is {@linkplain #pinnedTo pinned} to one.
 */
public final class OpenSshSftp {
  /** Where the client must be; tests are skipped without it. */
  public static final Path SFTP = Path.of("/usr/bin/sftp");

  private final int port;
  private final String user;
  private final Path work;
  private final Optional<Path> identity;
  private final Optional<Path> askpass;
  private final Optional<KnownHost> knownHost;

  /** A pinned host key: the known_hosts file and the name its one entry is filed under. */
  private record KnownHost(Path file, String alias) {}

  private OpenSshSftp(
      int port,
      String user,
      Path work,
      Optional<Path> identity,
      Optional<Path> askpass,
      Optional<KnownHost> knownHost) {
    this.port = port;
    this.user = user;
    this.work = work;
    this.identity = identity;
    this.askpass = askpass;
    this.knownHost = knownHost;
  }

  /**
   * Returns this client checking the server's host key strictly, as a client behind a load balancer
   * would: the key must be the one filed under {@code alias} in {@code knownHostsFile} whatever
   * port (node) it connects to.
   *
   * @param knownHostsFile a known_hosts file with a line {@code ALIAS KEYTYPE BASE64}
   * @param alias the host name the entry is filed under
   * @return the pinned client
   */
  public OpenSshSftp pinnedTo(Path knownHostsFile, String alias) {
    return new OpenSshSftp(
        port, user, work, identity, askpass, Optional.of(new KnownHost(knownHostsFile, alias)));
  }

  /**
   * Returns the same client connecting to another port (another node).
   *
   * @param otherPort the port
   * @return the client
   */
  public OpenSshSftp onPort(int otherPort) {
    return new OpenSshSftp(otherPort, user, work, identity, askpass, knownHost);
  }

  /** Skips the calling test, with a clear message, when the OpenSSH client is not installed. */
  public static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(SFTP),
        "OpenSSH sftp is not installed at /usr/bin/sftp: the SFTP client tests are skipped");
  }

  /**
   * A client logging in with a private key file.
   *
   * @param port the server's SFTP port
   * @param user the user name (the client's name)
   * @param privateKey the OpenSSH private key file (mode 0600)
   * @param work a folder for batch files
   * @return the client
   */
  public static OpenSshSftp withKey(int port, String user, Path privateKey, Path work) {
    return new OpenSshSftp(
        port, user, work, Optional.of(privateKey), Optional.empty(), Optional.empty());
  }

  /**
   * A client logging in with a password, answered by an askpass script that reads a 0600 file.
   *
   * @param port the server's SFTP port
   * @param user the user name
   * @param password the password
   * @param work a folder for the script, the password file and batch files
   * @return the client
   * @throws IOException if the files cannot be written
   */
  public static OpenSshSftp withPassword(int port, String user, String password, Path work)
      throws IOException {
    Path folder = Files.createTempDirectory(work, "askpass");
    Path secret = folder.resolve("password");
    Files.createFile(
        secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secret, password, StandardCharsets.UTF_8);
    Path script = folder.resolve("askpass.sh");
    Files.writeString(script, "#!/bin/sh\ncat '" + secret + "'\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return new OpenSshSftp(
        port, user, work, Optional.empty(), Optional.of(script), Optional.empty());
  }

  /**
   * The outcome of a run.
   *
   * @param exitCode the exit code (0: every command succeeded)
   * @param out standard output
   * @param err standard error
   */
  public record Result(int exitCode, String out, String err) {
    /**
     * Returns both streams, for assertion messages.
     *
     * @return out and err
     */
    public String both() {
      return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  /**
   * Runs commands in one session and waits for the client to end.
   *
   * @param commands sftp commands, one per line of the batch file
   * @return the outcome
   * @throws Exception if the client cannot be run
   */
  public Result run(String... commands) throws Exception {
    Process process = start(commands);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("sftp did not finish");
    }
    return new Result(
        process.exitValue(),
        Files.readString(work.resolve("sftp.out")),
        Files.readString(work.resolve("sftp.err")));
  }

  /**
   * Starts the client on a batch of commands without waiting.
   *
   * @param commands sftp commands
   * @return the running process (output in {@code work/sftp.out} and {@code work/sftp.err})
   * @throws IOException if it cannot be started
   */
  public Process start(String... commands) throws IOException {
    return start(port, commands);
  }

  /**
   * Starts the client against another port (a relay in front of the server).
   *
   * @param viaPort the port to connect to
   * @param commands sftp commands
   * @return the running process
   * @throws IOException if it cannot be started
   */
  public Process start(int viaPort, String... commands) throws IOException {
    Path batch = Files.createTempFile(work, "batch", ".txt");
    Files.writeString(batch, String.join("\n", commands) + "\n", StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(SFTP.toString());
    command.addAll(List.of("-F", "/dev/null", "-o", "BatchMode=no"));
    if (knownHost.isPresent()) {
      command.addAll(
          List.of(
              "-o", "StrictHostKeyChecking=yes",
              "-o", "UserKnownHostsFile=" + knownHost.get().file(),
              "-o", "HostKeyAlias=" + knownHost.get().alias()));
    } else {
      command.addAll(
          List.of(
              "-o", "StrictHostKeyChecking=no",
              "-o", "UserKnownHostsFile=/dev/null"));
    }
    command.addAll(
        List.of(
            "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=20",
            "-o", "NumberOfPasswordPrompts=1"));
    if (identity.isPresent()) {
      command.addAll(
          List.of(
              "-o", "IdentitiesOnly=yes",
              "-o", "PreferredAuthentications=publickey",
              "-i", identity.get().toString()));
    } else {
      command.addAll(
          List.of(
              "-o", "PubkeyAuthentication=no",
              "-o", "PreferredAuthentications=password"));
    }
    command.addAll(
        List.of("-P", Integer.toString(viaPort), "-b", batch.toString(), user + "@127.0.0.1"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.redirectOutput(work.resolve("sftp.out").toFile());
    builder.redirectError(work.resolve("sftp.err").toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = builder.environment();
    env.remove("SSH_AUTH_SOCK");
    env.put("HOME", work.toString());
    askpass.ifPresent(
        script -> {
          env.put("SSH_ASKPASS", script.toString());
          env.put("SSH_ASKPASS_REQUIRE", "force");
          env.put("DISPLAY", ":0");
        });
    return builder.start();
  }
}
