package org.deid.cli.tokenize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;

/**
 * Expands the INPUT arguments of {@code deid tokenize} into input files: files as given,
 * directories recursively (data files only, hidden files skipped, sorted for a stable order),
 * {@code -} for standard input.
 */
final class InputFiles {
  private static final List<String> DATA_SUFFIXES =
      List.of(".csv", ".tsv", ".psv", ".txt", ".ndjson", ".jsonl", ".json");

  private InputFiles() {}

  /**
   * One input and where its output goes relative to the output directory.
   *
   * @param path the file, or empty for standard input
   * @param relative the path of the output relative to {@code --out} (directory structure kept)
   */
  record Input(Path path, Path relative) {
    boolean isStdin() {
      return path.toString().equals("-");
    }
  }

  static List<Input> expand(List<String> arguments) {
    List<Input> inputs = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.equals("-")) {
        inputs.add(new Input(Path.of("-"), Path.of("stdin.csv")));
        continue;
      }
      Path path = Path.of(argument);
      if (Files.isDirectory(path)) {
        inputs.addAll(walk(path));
      } else if (Files.isRegularFile(path)) {
        inputs.add(new Input(path, path.getFileName()));
      } else {
        throw new CliFailure(ExitCodes.RUN_FAILED, argument + ": no such file or directory");
      }
    }
    if (inputs.isEmpty()) {
      throw new CliFailure(ExitCodes.RUN_FAILED, "no input files found in " + arguments);
    }
    return inputs;
  }

  private static List<Input> walk(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> isDataFile(root.relativize(file)))
          .sorted()
          .map(file -> new Input(file, root.relativize(file)))
          .toList();
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED, root + ": cannot list directory (" + e.getMessage() + ")");
    }
  }

  private static boolean isDataFile(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    String name = relative.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    for (String suffix : DATA_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }
}
