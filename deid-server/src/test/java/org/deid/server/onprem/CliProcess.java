package org.deid.server.onprem;

import java.io.IOException;
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
record CliProcess(Path home, Path configHome, Path tmp) {
  /**
   * One finished run.
   *
   * @param exitCode the exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static CliProcess in(Path root) throws IOException {
    return new CliProcess(
        Files.createDirectories(root.resolve("home")),
        Files.createDirectories(root.resolve("home/xdg-config")),
        Files.createDirectories(root.resolve("tmp")));
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  Result run(Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.deid.cli.DeidCommand");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("DEID_") || name.startsWith("XDG_"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", configHome.toString());
    env.putAll(extraEnv);
    Path out = Files.createTempFile(tmp.getParent(), "out", ".txt");
    Path err = Files.createTempFile(tmp.getParent(), "err", ".txt");
    builder
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("deid " + String.join(" ", args) + " did not finish");
    }
    Result result =
        new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }
}
