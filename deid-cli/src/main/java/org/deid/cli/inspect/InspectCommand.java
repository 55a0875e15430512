package org.deid.cli.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.inspect.ColumnProfile;
import org.deid.core.inspect.FormatSniffer;
import org.deid.core.inspect.InspectionResult;
import org.deid.core.pipeline.OutputNames;
import org.deid.core.record.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deid inspect}: sniffs a file's format, guesses its columns' roles and prints a starter
 * policy. Reads a bounded sample; prints shapes and fractions, never a data value.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Sniff a file's encoding, delimiter and header, guess each column's role from its name and "
          + "value shapes, and print a starter policy (YAML) on standard output; the analysis "
          + "goes to standard error. No data value is printed."
    })
public final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The file to inspect (may be .gz).")
  Path file;

  @Option(names = "--sample-rows", paramLabel = "N", description = "Rows to sample (default 1000).")
  int sampleRows = 1000;

  @Override
  public Integer call() {
    InspectionResult result;
    try (InputStream in = Files.newInputStream(file)) {
      result = FormatSniffer.sniff(in, file.toString(), sampleRows);
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, file + ": no such file");
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          file
              + ": cannot read ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + safe(e))
              + ")");
    }
    if (result.columns().isEmpty()) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED, file + ": empty_file: no record to inspect, no policy written");
    }
    describe(result, System.err);
    System.out.print(
        StarterPolicy.render(
            result,
            OutputNames.stem(file.getFileName().toString()),
            LocalDate.now(ZoneOffset.UTC)));
    return ExitCodes.OK;
  }

  private static String safe(IOException e) {
    // deid's own record exceptions name positions only; others may not: keep just the type.
    return e.getClass().getName().startsWith("org.deid.") ? e.getMessage() : "I/O error";
  }

  private static void describe(InspectionResult result, PrintStream err) {
    err.printf(
        Locale.ROOT,
        "%s: %s%s, %s%s, %d %s sampled%n",
        result.sourceName(),
        result.kind() == Kind.NDJSON ? "NDJSON" : "delimited by " + printable(result.delimiter()),
        result.gzip() ? " (gzip)" : "",
        result.charset().name(),
        result.kind() == Kind.DELIMITED ? (result.header() ? ", header" : ", no header") : "",
        result.sampledRows(),
        result.sampledRows() == 1 ? "row" : "rows");
    err.printf(
        Locale.ROOT,
        "  %-28s %-18s %6s %7s %8s  %s%n",
        "column",
        "guessed role",
        "conf",
        "filled",
        "distinct",
        "shape");
    for (ColumnProfile profile : result.profiles()) {
      err.printf(
          Locale.ROOT,
          "  %-28s %-18s %6.2f %6.0f%% %7.0f%%  %s%n",
          profile.name(),
          profile.guessedRole(),
          profile.confidence(),
          profile.filledFraction() * 100,
          profile.distinctFraction() * 100,
          profile.shape());
    }
  }

  private static String printable(char delimiter) {
    return switch (delimiter) {
      case '\t' -> "tab";
      case ',' -> "comma";
      case '|' -> "pipe";
      case ';' -> "semicolon";
      default -> "'" + delimiter + "'";
    };
  }
}
