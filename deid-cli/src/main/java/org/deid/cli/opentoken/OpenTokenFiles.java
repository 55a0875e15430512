package org.deid.cli.opentoken;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.pipeline.DeidRunException;

/** Shared file handling of the opentoken commands: atomic outputs and error mapping. */
final class OpenTokenFiles {
  private OpenTokenFiles() {}

  /** Something that writes the output stream. */
  interface Body<T> {
    T write(OutputStream out) throws IOException, DeidRunException;
  }

  static void checkInput(Path input) {
    if (!Files.isRegularFile(input)) {
      throw new CliFailure(ExitCodes.RUN_FAILED, input + ": no such file");
    }
    if (!Files.isReadable(input)) {
      throw new CliFailure(ExitCodes.RUN_FAILED, input + ": not readable");
    }
  }

  static void checkOutputs(boolean force, Path... outputs) {
    for (Path output : outputs) {
      if (!force && Files.exists(output)) {
        throw new CliFailure(ExitCodes.RUN_FAILED, output + " exists (use --force to replace it)");
      }
    }
  }

  /** Writes {@code target} through a temporary file renamed only on success. */
  static <T> T writeAtomically(Path target, Body<T> body) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
      T result;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        result = body.write(out);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      return result;
    } catch (DeidRunException e) {
      int code =
          e.kind() == DeidRunException.Kind.CONFIGURATION ? ExitCodes.CONFIG : ExitCodes.RUN_FAILED;
      throw new CliFailure(code, e.getMessage() + " (no output written)");
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          target + ": I/O error (" + e.getClass().getSimpleName() + "); no output written");
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Nothing more to do; the temporary name starts with a dot and ends in .partial.
        }
      }
    }
  }

  static Path metadataPath(Path output) {
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return output.resolveSibling(stem + ".metadata.json");
  }
}
