package org.deid.cli.opentoken;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.AtomicOutput;
import org.deid.core.pipeline.DeidRunException;

/** Shared file handling of the opentoken commands: checks, atomic outputs and error mapping. */
final class OpenTokenFiles {
  private OpenTokenFiles() {}

  /** Something that writes the output stream. */
  interface Body<T> {
    T write(OutputStream out) throws IOException, DeidRunException;
  }

  /** Makes the content of a second file from the result of the first. */
  interface Companion<T> {
    byte[] content(T result);
  }

  static void checkInput(Path input) {
    if (!Files.isRegularFile(input)) {
      throw new CliFailure(ExitCodes.RUN_FAILED, input + ": no such file");
    }
    if (!Files.isReadable(input)) {
      throw new CliFailure(ExitCodes.RUN_FAILED, input + ": not readable");
    }
  }

  static void checkOutputs(boolean force, Path input, Path... outputs) {
    for (Path output : outputs) {
      if (output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
        throw new CliFailure(ExitCodes.USAGE, output + ": output would replace its input");
      }
      if (!force && Files.exists(output)) {
        throw new CliFailure(ExitCodes.RUN_FAILED, output + " exists (use --force to replace it)");
      }
    }
  }

  /** Writes {@code target} through a temporary file renamed only on success. */
  static <T> T writeAtomically(Path target, Body<T> body) {
    return writeAtomically(target, body, null, null);
  }

  /**
   * Writes {@code target} and, from its result, {@code companion}, each through a temporary file;
   * both are renamed only when both are complete, so a failed run leaves neither.
   */
  static <T> T writeAtomically(
      Path target, Body<T> body, Path companion, Companion<T> companionContent) {
    try (AtomicOutput output = new AtomicOutput(target);
        AtomicOutput second = companion == null ? null : new AtomicOutput(companion)) {
      T result;
      try (OutputStream out = new BufferedOutputStream(output.open(), 1 << 16)) {
        result = body.write(out);
      }
      if (second != null) {
        second.write(companionContent.content(result));
      }
      output.commit();
      if (second != null) {
        second.commit();
      }
      return result;
    } catch (DeidRunException e) {
      int code =
          e.kind() == DeidRunException.Kind.CONFIGURATION ? ExitCodes.CONFIG : ExitCodes.RUN_FAILED;
      throw new CliFailure(code, e.getMessage() + " (no output written)");
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          target + ": I/O error (" + e.getClass().getSimpleName() + "); no output written");
    }
  }

  static Path metadataPath(Path output) {
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return output.resolveSibling(stem + ".metadata.json");
  }
}
