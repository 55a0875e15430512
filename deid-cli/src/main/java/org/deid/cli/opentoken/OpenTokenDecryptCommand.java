package org.deid.cli.opentoken;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.ThreadsOption;
import org.deid.core.key.SecretBytes;
import org.deid.core.opentoken.OpenTokenDecryption;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deid opentoken decrypt}: turns encrypted OpenToken tokens back into hash-only tokens. */
@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    description = "Decrypt an encrypted OpenToken output into hash-only tokens (same layout).")
public final class OpenTokenDecryptCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INPUT", description = "Encrypted OpenToken CSV.")
  Path input;

  @Parameters(index = "1", paramLabel = "OUTPUT", description = "Output CSV.")
  Path output;

  @Option(
      names = "--encryption-key-file",
      required = true,
      paramLabel = "FILE",
      description = "File holding the 32-character AES-256 key.")
  Path encryptionKeyFile;

  @Mixin ThreadsOption threads;

  @Option(names = "--force", description = "Replace an existing output file.")
  boolean force;

  @Override
  public Integer call() {
    OpenTokenFiles.checkInput(input);
    OpenTokenFiles.checkOutputs(force, input, output);
    SecretBytes key = OpenTokenKeys.encryptionKey(encryptionKeyFile);
    PipelineOptions options = threads.pipelineOptions();
    PipelineOptions runOptions = options;
    OpenTokenFiles.writeAtomically(
        output,
        out ->
            new OpenTokenDecryption(key)
                .run(
                    RunInput.of(input.toString(), () -> Files.newInputStream(input)),
                    out,
                    runOptions));
    return ExitCodes.OK;
  }
}
