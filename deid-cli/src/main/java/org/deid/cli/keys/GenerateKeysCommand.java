package org.deid.cli.keys;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deid keys generate}: writes a new key file with mode 0600. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a new key file (linkage secret, site keyset, PRF key) with mode 0600.",
      "Parties that must link records share the linkage secret: copy it from one key file to the "
          + "others, or fetch keys from a deid server."
    })
public final class GenerateKeysCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Key file to create.")
  Path out;

  @Option(names = "--force", description = "Replace an existing file.")
  boolean force;

  @Override
  public Integer call() {
    if (out.toString().equals("-")) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "--out -: keys are written to a file with mode 0600, never to standard output");
    }
    if (Files.isDirectory(out)) {
      throw new CliFailure(ExitCodes.USAGE, out + ": is a directory; give the key file's name");
    }
    KeyMaterial keys = KeyMaterial.generate(new SecureRandom());
    try {
      KeyFiles.write(keys, out, force);
    } catch (FileAlreadyExistsException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, out + " exists (use --force to replace it)");
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED,
          out + ": cannot write key file (" + e.getClass().getSimpleName() + ")");
    }
    System.err.println("wrote " + out + " (mode 0600)");
    DescribeKeysCommand.print(keys);
    return ExitCodes.OK;
  }
}
