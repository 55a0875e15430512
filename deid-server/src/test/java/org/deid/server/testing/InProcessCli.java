package org.deid.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deid.cli.DeidCommand;
import picocli.CommandLine;

/** Runs {@code deid} commands in this JVM, with their standard output and error captured. */
public final class InProcessCli {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private InProcessCli() {}

  /**
   * One finished run.
   *
   * @param exitCode the exit code
   * @param out standard output
   * @param err standard error
   */
  public record Run(int exitCode, String out, String err) {}

  /**
   * Runs one command.
   *
   * @param args the arguments
   * @return the result
   */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DeidCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Tokenizes a file with {@code deid tokenize} and the example Safe Harbor policy and demo keys,
   * as the server's jobs of the examples do.
   *
   * @param input the file
   * @param work a folder for the output
   * @return the output file's bytes
   * @throws IOException if the output cannot be read
   */
  public static byte[] tokenizeExample(Path input, Path work) throws IOException {
    Path out = Files.createTempDirectory(work, "cli");
    Run run =
        run(
            "tokenize",
            "--policy",
            EXAMPLES.resolve("safe-harbor.yaml").toString(),
            "--keys",
            EXAMPLES.resolve("demo-keys.json").toString(),
            "--out",
            out.toString(),
            "--quiet",
            input.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.readAllBytes(out.resolve(input.getFileName()));
  }
}
