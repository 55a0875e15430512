package org.deid.cli.tokenize;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.ToolVersion;
import org.deid.cli.common.AtomicOutput;
import org.deid.cli.common.KeySource;
import org.deid.cli.common.PolicySource;
import org.deid.cli.common.ThreadsOption;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.pipeline.OutputNames;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import org.deid.core.pipeline.RunOptions;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import org.deid.core.report.RunReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deid tokenize}: tokenize and de-identify files with a local policy and key file, or with
 * the client's current policy and keys fetched from the server ({@code --server-config}).
 */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Tokenize identifying fields and de-identify the other fields of patient files.",
      "Each input NAME.csv gives DIR/NAME.csv and DIR/NAME.report.json (directories keep their "
          + "structure). Outputs appear under their final names only when complete."
    })
public final class TokenizeCommand implements Callable<Integer> {
  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Policy YAML file (required unless --server-config).")
  Path policyFile;

  @Option(
      names = "--server-config",
      description =
          "Fetch the client's current policy and keys from the server of deid login "
              + "(held in memory only) and send the server a run summary (no PII, no tokens).")
  boolean serverConfig;

  Map<String, String> env = System.getenv();

  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description =
          "Key file (JSON). Default: the DEID_KEYS_FILE or DEID_KEYS environment variable.")
  Path keysFile;

  @ArgGroup(exclusive = true)
  OutputTarget target;

  static final class OutputTarget {
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
    Path directory;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Output file for a single input ('-' for standard output).")
    String file;
  }

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Report file (default: beside the output; required to get a report when writing to standard output).")
  Path reportFile;

  @Mixin ThreadsOption threads;

  @Option(
      names = "--shuffle",
      paramLabel = "SEED",
      description = "Shuffle output rows with this seed (default: input order).")
  Long shuffleSeed;

  @Option(
      names = "--max-rejects",
      paramLabel = "N",
      description = "Fail (exit 4) when more than N records are rejected (default: no limit).")
  Long maxRejects;

  @Option(names = "--force", description = "Replace existing output files.")
  boolean force;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress and no summary on standard error.")
  boolean quiet;

  @Parameters(
      arity = "1..*",
      paramLabel = "INPUT",
      description = "Input files or directories ('-' for standard input).")
  List<String> inputs;

  /** Adds the server's section to reports of a {@code --server-config} run. */
  private UnaryOperator<byte[]> reportSection = UnaryOperator.identity();

  @Override
  public Integer call() throws IOException {
    if (!serverConfig) {
      if (policyFile == null) {
        throw new CliFailure(ExitCodes.USAGE, "--policy FILE is required (or --server-config)");
      }
      run(PolicySource.load(policyFile), KeySource.load(keysFile), policyFile.toString());
      return ExitCodes.OK;
    }
    if (policyFile != null || keysFile != null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "--server-config takes the policy and keys from the server: drop --policy and --keys");
    }
    return ServerConfigRun.run(
        env,
        (session, config, summary) -> {
          reportSection = json -> config.withServerSection(json, session.server());
          run(config.policy(), config.keys(), "server policy v" + config.policyVersion(), summary);
        });
  }

  private void run(Policy policy, KeyMaterial keys, String policySource) throws IOException {
    run(policy, keys, policySource, null);
  }

  private void run(Policy policy, KeyMaterial keys, String policySource, RunSummaries summary)
      throws IOException {
    Deidentifier engine;
    try {
      engine = Deidentifier.create(policy, keys);
    } catch (PolicyException e) {
      throw new CliFailure(ExitCodes.CONFIG, policySource + ": " + e.getMessage());
    }
    List<Job> jobs = plan(InputFiles.expand(inputs));
    for (Job job : jobs) {
      long inputBytes = job.input().isStdin() ? -1 : Files.size(job.input().path());
      String inputName =
          job.input().isStdin() ? "stdin" : job.input().path().getFileName().toString();
      try {
        RunReport report = run(engine, job);
        if (summary != null) {
          summary.add(inputName, inputBytes, job.stdout() ? null : job.output(), report);
        }
      } catch (CliFailure e) {
        if (summary != null) {
          summary.addFailed(inputName, inputBytes);
        }
        throw e;
      }
    }
  }

  private record Job(InputFiles.Input input, Path output, Path report, boolean stdout) {}

  private List<Job> plan(List<InputFiles.Input> expanded) {
    List<Job> jobs = new ArrayList<>();
    boolean toStdout =
        target != null && "-".equals(target.file)
            || target == null && expanded.size() == 1 && expanded.get(0).isStdin();
    if (target == null && !toStdout) {
      throw new CliFailure(ExitCodes.USAGE, "say where the output goes: --out DIR or -o FILE");
    }
    if ((toStdout || target.file != null) && expanded.size() != 1) {
      throw new CliFailure(ExitCodes.USAGE, "-o takes a single input; use --out DIR for several");
    }
    if (target != null
        && target.directory != null
        && Files.exists(target.directory)
        && !Files.isDirectory(target.directory)) {
      throw new CliFailure(
          ExitCodes.USAGE, "--out " + target.directory + ": exists and is not a directory");
    }
    if (reportFile != null && expanded.size() != 1) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "--report names the report of a single input; with several, each report goes beside"
              + " its output");
    }
    for (InputFiles.Input input : expanded) {
      if (toStdout) {
        jobs.add(new Job(input, Path.of("-"), reportFile, true));
        continue;
      }
      Path output =
          target.file != null ? Path.of(target.file) : target.directory.resolve(input.relative());
      Path report =
          reportFile != null && expanded.size() == 1
              ? reportFile
              : output.resolveSibling(OutputNames.reportName(output.getFileName().toString()));
      jobs.add(new Job(input, output, report, false));
    }
    checkTargets(jobs);
    return jobs;
  }

  private void checkTargets(List<Job> jobs) {
    Set<Path> seen = new HashSet<>();
    List<String> existing = new ArrayList<>();
    for (Job job : jobs) {
      for (Path path : new Path[] {job.output(), job.report()}) {
        if (path == null || job.stdout() && path == job.output()) {
          continue;
        }
        Path normalized = path.toAbsolutePath().normalize();
        if (!seen.add(normalized)) {
          throw new CliFailure(ExitCodes.USAGE, "two inputs would write " + path);
        }
        if (job.input().path().toAbsolutePath().normalize().equals(normalized)) {
          throw new CliFailure(ExitCodes.USAGE, path + ": output would replace its input");
        }
        if (!force && Files.exists(path)) {
          existing.add(path.toString());
        }
      }
    }
    if (!existing.isEmpty()) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          "output files exist (use --force to replace): " + String.join(", ", existing));
    }
  }

  private RunReport run(Deidentifier engine, Job job) throws IOException {
    PrintStream err = System.err;
    String name = job.input().isStdin() ? "stdin" : job.input().path().toString();
    boolean showProgress = !quiet && System.console() != null;
    long size = job.input().isStdin() ? -1 : Files.size(job.input().path());
    ProgressBar bar = new ProgressBar(err, name, size);
    PipelineOptions pipeline = threads.pipelineOptions();
    if (shuffleSeed != null) {
      pipeline = pipeline.withShuffleSeed(shuffleSeed);
    }
    if (maxRejects != null) {
      pipeline = pipeline.withMaxRejects(maxRejects);
    }
    if (showProgress) {
      pipeline = pipeline.withProgress(bar);
    }
    Path tempDir =
        job.stdout()
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : job.output().toAbsolutePath().getParent();
    RunOptions options =
        RunOptions.defaults()
            .withPipeline(pipeline)
            .withToolVersion(ToolVersion.current())
            .withTempDir(tempDir);
    RunInput input = RunInput.of(name, () -> open(job.input()));
    RunReport report;
    try {
      if (job.stdout()) {
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        report = engine.run(input, stdout, options).withOutput("-");
        stdout.flush();
        if (job.report() != null) {
          try (AtomicOutput reportOut = new AtomicOutput(job.report())) {
            reportOut.write(reportSection.apply(report.toJson()));
            reportOut.commit();
          }
        }
      } else {
        Files.createDirectories(job.output().toAbsolutePath().getParent());
        tempDir = job.output().toAbsolutePath().getParent();
        try (AtomicOutput output = new AtomicOutput(job.output());
            AtomicOutput reportOut = new AtomicOutput(job.report())) {
          try (OutputStream out = compressIfAsked(output.open(), job.output())) {
            report = engine.run(input, out, options).withOutput(job.output().toString());
          }
          reportOut.write(reportSection.apply(report.toJson()));
          output.commit();
          reportOut.commit();
        }
      }
    } catch (DeidRunException e) {
      bar.clear();
      int code =
          switch (e.kind()) {
            case CONFIGURATION -> ExitCodes.CONFIG;
            case TOO_MANY_REJECTS -> ExitCodes.TOO_MANY_REJECTS;
            default -> ExitCodes.RUN_FAILED;
          };
      throw new CliFailure(code, e.getMessage() + " (no output written for " + name + ")");
    } catch (IOException e) {
      bar.clear();
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          name + ": " + describe(e) + " (no output written for " + name + ")");
    }
    bar.clear();
    if (!quiet) {
      err.print(report.summary());
      if (!job.stdout()) {
        err.println("  wrote " + job.output() + " and " + job.report());
      }
    }
    return report;
  }

  private static InputStream open(InputFiles.Input input) throws IOException {
    return input.isStdin() ? System.in : Files.newInputStream(input.path());
  }

  private static OutputStream compressIfAsked(OutputStream raw, Path output) throws IOException {
    OutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
    return OutputNames.isGzip(output) ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
  }

  /** Describes an I/O error by its type and file, never by content. */
  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "no such file " + missing.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied " + denied.getFile();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
      return exists.getFile() + " exists and is not a directory";
    }
    if (e instanceof java.util.zip.ZipException) {
      return "not a valid gzip stream";
    }
    return "I/O error (" + e.getClass().getSimpleName() + ")";
  }
}
