package org.deid.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deid} as a separate process (the test class path, the real main class), so tests see
 * exactly what a user sees: exit code, standard output, standard error and files.
 */
public final class CliProcess {
  /** What a run of the command produced. */
  public record Result(int exitCode, String stdout, String stderr, byte[] stdoutBytes) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private CliProcess() {}

  /**
   * Runs deid with arguments in a directory.
   *
   * @param workDir working directory
   * @param env extra environment variables
   * @param stdin bytes for standard input (may be empty)
   * @param args the arguments
   * @return the result
   */
  public static Result run(Path workDir, Map<String, String> env, byte[] stdin, String... args) {
    return run(workDir, List.of(), env, stdin, args);
  }

  /**
   * Runs deid with extra JVM options (for example a small heap).
   *
   * @param workDir working directory
   * @param jvmOptions options for the java command
   * @param args the arguments
   * @return the result
   */
  public static Result runWithJvmOptions(Path workDir, List<String> jvmOptions, String... args) {
    return run(workDir, jvmOptions, Map.of(), new byte[0], args);
  }

  /**
   * Starts deid without waiting: the caller writes standard input, may stop the process and reads
   * what it needs (standard output and error are discarded).
   *
   * @param workDir working directory
   * @param args the arguments
   * @return the running process
   * @throws IOException if it cannot start
   */
  public static Process start(Path workDir, String... args) throws IOException {
    return builder(workDir, List.of(), Map.of(), args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static ProcessBuilder builder(
      Path workDir, List<String> jvmOptions, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Duser.timezone=Pacific/Chatham");
    command.add("-Duser.language=tr");
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(DeidCommand.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().remove("DEID_KEYS");
    builder.environment().remove("DEID_KEYS_FILE");
    builder.environment().putAll(env);
    return builder;
  }

  private static Result run(
      Path workDir,
      List<String> jvmOptions,
      Map<String, String> env,
      byte[] stdin,
      String... args) {
    ProcessBuilder builder = builder(workDir, jvmOptions, env, args);
    try {
      Process process = builder.start();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      process.getOutputStream().write(stdin);
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("deid did not finish in 120 s: " + builder.command());
      }
      byte[] stdout = out.join();
      return new Result(
          process.exitValue(),
          new String(stdout, StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8),
          stdout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Runs deid with arguments in a directory, without extra environment or input.
   *
   * @param workDir working directory
   * @param args the arguments
   * @return the result
   */
  public static Result run(Path workDir, String... args) {
    return run(workDir, Map.of(), new byte[0], args);
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
