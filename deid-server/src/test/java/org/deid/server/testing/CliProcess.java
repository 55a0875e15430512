package org.deid.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code deid} as a separate process, as a user would, with its own {@code HOME}, {@code
 * XDG_CONFIG_HOME} and JVM temporary folder, and no inherited {@code DEID_*} variables.
 *
 * @param home the user's home folder
 * @param configHome {@code XDG_CONFIG_HOME}
 * @param tmp {@code java.io.tmpdir} of the process
 */
public record CliProcess(Path home, Path configHome, Path tmp) {
  /**
   * One finished run.
   *
   * @param exitCode the exit code
   * @param out standard output
   * @param err standard error
   */
  public record Result(int exitCode, String out, String err) {
    /**
     * Returns both outputs.
     *
     * @return standard output then standard error
     */
    public String all() {
      return out + err;
    }
  }

  /**
   * Prepares a user with fresh home, config and temporary folders under a root.
   *
   * @param root the folder
   * @return the user
   * @throws IOException if the folders cannot be created
   */
  public static CliProcess in(Path root) throws IOException {
    return new CliProcess(
        Files.createDirectories(root.resolve("home")),
        Files.createDirectories(root.resolve("home/xdg-config")),
        Files.createDirectories(root.resolve("tmp")));
  }

  /**
   * Runs {@code deid} with no extra environment.
   *
   * @param args the arguments
   * @return the result
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted
   */
  public Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /**
   * Runs {@code deid} with extra environment variables, standard input from {@code /dev/null}.
   *
   * @param extraEnv variables to set
   * @param args the arguments
   * @return the result
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted
   */
  public Result run(Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = builder(extraEnv, command(args));
    Path out = Files.createTempFile(tmp.getParent(), "out", ".txt");
    Path err = Files.createTempFile(tmp.getParent(), "err", ".txt");
    builder
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process process = builder.start();
    awaitExit(process, args);
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /**
   * Runs {@code deid} on a terminal (a pseudo-terminal made by {@code script}), typing {@code
   * typed} once the output shows {@code prompt}. Standard output and error both come back as the
   * terminal's text in {@link Result#out()}.
   *
   * @param prompt the prompt to wait for
   * @param typed the line to type (a newline is added)
   * @param args the arguments
   * @return the result
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted
   */
  public Result runOnTerminal(String prompt, String typed, String... args)
      throws IOException, InterruptedException {
    StringBuilder shell = new StringBuilder();
    for (String part : command(args)) {
      shell.append(shell.length() == 0 ? "" : " ").append('\'').append(part).append('\'');
    }
    ProcessBuilder builder =
        builder(Map.of(), List.of("script", "-qec", shell.toString(), "/dev/null"))
            .redirectErrorStream(true);
    Process process = builder.start();
    StringBuilder screen = new StringBuilder();
    try (InputStream terminal = process.getInputStream();
        OutputStream keyboard = process.getOutputStream()) {
      byte[] buffer = new byte[4096];
      boolean typedYet = false;
      int n;
      while ((n = terminal.read(buffer)) >= 0) {
        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        if (!typedYet && screen.indexOf(prompt) >= 0) {
          keyboard.write((typed + "\n").getBytes(StandardCharsets.UTF_8));
          keyboard.flush();
          typedYet = true;
        }
      }
    }
    awaitExit(process, args);
    return new Result(process.exitValue(), screen.toString(), "");
  }

  /**
   * Lists the files under a folder (none if it does not exist), to check that no output was left.
   *
   * @param dir the folder
   * @return the regular files, at any depth
   * @throws IOException if the folder cannot be read
   */
  public static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.deid.cli.DeidCommand");
    command.addAll(List.of(args));
    return command;
  }

  private ProcessBuilder builder(Map<String, String> extraEnv, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("DEID_") || name.startsWith("XDG_"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", configHome.toString());
    env.putAll(extraEnv);
    return builder;
  }

  private static void awaitExit(Process process, String... args) throws InterruptedException {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("deid " + String.join(" ", args) + " did not finish");
    }
  }
}
