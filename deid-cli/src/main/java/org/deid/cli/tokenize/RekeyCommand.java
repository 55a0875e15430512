package org.deid.cli.tokenize;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.AtomicOutput;
import org.deid.cli.common.KeySource;
import org.deid.cli.common.ThreadsOption;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.OutputNames;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.PipelineResult;
import org.deid.core.pipeline.RunInput;
import org.deid.core.rekey.TokenFileRekeying;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deid rekey}: moves the tokens of files written by {@code deid tokenize} to the current
 * primary site key after a rotation, without the PII. The result equals tokenizing the original PII
 * with the current keys. Outputs appear under their final names only when complete.
 */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    description = {
      "Re-key tokenized files to the current primary site key (after a key rotation).",
      "Each token column (header token_* unless --columns) is decrypted with the key its token "
          + "names and re-encrypted under the primary key; other columns are unchanged."
    })
public final class RekeyCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path directory;

  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description =
          "Key file (default: DEID_KEYS_FILE or DEID_KEYS) holding the old and new site keys.")
  Path keysFile;

  @Option(
      names = "--server-config",
      description = "Take the current keys from the server of deid login (in memory only).")
  boolean serverConfig;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COLUMN",
      description = "Token columns (default: every column starting with the prefix).")
  List<String> columns;

  @Option(
      names = "--prefix",
      paramLabel = "TEXT",
      defaultValue = TokenFileRekeying.DEFAULT_PREFIX,
      description =
          "Token column prefix; the rule id is the column name without it (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Mixin ThreadsOption threads;

  @Option(names = "--force", description = "Replace existing output files.")
  boolean force;

  @Option(
      names = {"-q", "--quiet"},
      description = "No summary on standard error.")
  boolean quiet;

  @Parameters(
      arity = "1..*",
      paramLabel = "INPUT",
      description = "Tokenized CSV files or directories (reports *.report.json are skipped).")
  List<String> inputs;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws IOException {
    if (serverConfig) {
      if (keysFile != null) {
        throw new CliFailure(ExitCodes.USAGE, "use either --server-config or --keys, not both");
      }
      return ServerConfigRun.run(
          env, (session, config, summary) -> rekeyAll(config.keys(), summary));
    }
    return rekeyAll(KeySource.load(keysFile), null);
  }

  private int rekeyAll(KeyMaterial keys, RunSummaries summary) throws IOException {
    List<InputFiles.Input> planned = plan();
    TokenFileRekeying rekeying = new TokenFileRekeying(keys, prefix, Optional.ofNullable(columns));
    PipelineOptions options = threads.pipelineOptions();
    for (InputFiles.Input input : planned) {
      Path output = directory.resolve(input.relative());
      String inputName = input.path().getFileName().toString();
      long inputBytes = Files.size(input.path());
      try {
        PipelineResult result = rekey(rekeying, input, output, options);
        if (summary != null) {
          summary.add(inputName, inputBytes, output, result);
        }
      } catch (CliFailure e) {
        if (summary != null) {
          summary.addFailed(inputName, inputBytes);
        }
        throw e;
      }
    }
    return ExitCodes.OK;
  }

  private List<InputFiles.Input> plan() {
    List<InputFiles.Input> planned = new ArrayList<>();
    Set<Path> targets = new HashSet<>();
    List<String> existing = new ArrayList<>();
    for (InputFiles.Input input : InputFiles.expand(inputs)) {
      if (input.isStdin()) {
        throw new CliFailure(ExitCodes.USAGE, "rekey reads files, not standard input");
      }
      if (input.path().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".report.json")) {
        continue;
      }
      Path output = directory.resolve(input.relative()).toAbsolutePath().normalize();
      if (!targets.add(output)) {
        throw new CliFailure(ExitCodes.USAGE, "two inputs would write " + output);
      }
      if (input.path().toAbsolutePath().normalize().equals(output)) {
        throw new CliFailure(ExitCodes.USAGE, output + ": output would replace its input");
      }
      if (!force && Files.exists(output)) {
        existing.add(output.toString());
      }
      planned.add(input);
    }
    if (!existing.isEmpty()) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          "output files exist (use --force to replace): " + String.join(", ", existing));
    }
    if (planned.isEmpty()) {
      throw new CliFailure(ExitCodes.USAGE, "no tokenized file among the inputs");
    }
    return planned;
  }

  private PipelineResult rekey(
      TokenFileRekeying rekeying, InputFiles.Input input, Path output, PipelineOptions options)
      throws IOException {
    String name = input.path().toString();
    PipelineResult result;
    try (AtomicOutput atomic = new AtomicOutput(output)) {
      try (OutputStream out = open(atomic.open(), output)) {
        result =
            rekeying.run(RunInput.of(name, () -> Files.newInputStream(input.path())), out, options);
      }
      atomic.commit();
    } catch (DeidRunException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED, e.getMessage() + " (no output written for " + name + ")");
    }
    if (!quiet) {
      System.err.printf(
          Locale.ROOT, "%s: %d rows re-keyed into %s%n", name, result.rowsWritten(), output);
    }
    return result;
  }

  private static OutputStream open(OutputStream raw, Path output) throws IOException {
    OutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
    return OutputNames.isGzip(output) ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
  }
}
