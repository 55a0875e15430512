package org.deid.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a JVM of its own, started from the test classpath: {@link TestWorkerMain} or the real
 * {@code deid worker} command ({@code org.deid.server.ServerMain worker ...}). Its output goes to a
 * log file; the environment has no inherited {@code DEID_*} or {@code AWS_*} variables.
 */
public final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts a main class of the test classpath.
   *
   * @param mainClass the class
   * @param args its arguments
   * @param env variables to set
   * @param log where its standard output and error go
   * @return the running process
   */
  public static WorkerProcess start(
      String mainClass, List<String> args, Map<String, String> env, Path log) {
    return start(
        List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"),
        mainClass,
        args,
        env,
        log);
  }

  /**
   * Starts a main class of the test classpath with JVM options.
   *
   * @param jvmOptions for example {@code -Xmx384m}
   * @param mainClass the class
   * @param args its arguments
   * @param env variables to set
   * @param log where its standard output and error go
   * @return the running process
   */
  public static WorkerProcess start(
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(n -> n.startsWith("DEID_") || n.startsWith("AWS_"));
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    try {
      return new WorkerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a worker process", e);
    }
  }

  /**
   * Waits until the log contains a line.
   *
   * @param marker text that the process prints once it works
   * @param timeout the longest wait
   * @return this
   */
  public WorkerProcess awaitLog(String marker, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(marker)) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError("worker exited with " + process.exitValue() + ":\n" + log());
      }
      Fixture.sleep(50);
    }
    throw new AssertionError("worker did not print '" + marker + "' in time:\n" + log());
  }

  /**
   * Returns the process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Tells whether the process runs.
   *
   * @return true while alive
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once (SIGKILL: no shutdown hook, no cleanup) and waits for it. */
  public void kill9() {
    process.destroyForcibly();
    waitFor();
  }

  /** Asks the process to stop (SIGTERM: graceful shutdown) and waits for it. */
  public void terminate() {
    process.destroy();
    waitFor();
  }

  private void waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns what the process printed so far.
   *
   * @return the log
   */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Returns the exit code of a finished process.
   *
   * @return the exit code
   */
  public int exitValue() {
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill9();
    }
  }
}
