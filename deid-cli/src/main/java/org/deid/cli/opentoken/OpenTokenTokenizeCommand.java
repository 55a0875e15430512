package org.deid.cli.opentoken;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import org.deid.cli.ToolVersion;
import org.deid.cli.common.SecretFile;
import org.deid.cli.common.ThreadsOption;
import org.deid.core.key.KeyFingerprints;
import org.deid.core.key.SecretBytes;
import org.deid.core.opentoken.OpenTokenMetadata;
import org.deid.core.opentoken.OpenTokenizer;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import org.deid.core.token.OpenTokenEncryptedScheme;
import org.deid.core.token.OpenTokenHashScheme;
import org.deid.core.token.TokenScheme;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deid opentoken tokenize}: OpenToken's tokens and output layout, on all cores. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Tokenize a CSV of people exactly as OpenToken 1.12 does: output RuleId,Token,RecordId with "
          + "five rows (T1..T5) per input row, and OUTPUT-stem.metadata.json beside it.",
      "Input columns are found by OpenToken's names (case-insensitive): RecordId/Id, "
          + "FirstName/GivenName, LastName/Surname, BirthDate/DateOfBirth, Sex/Gender, "
          + "PostalCode/ZipCode/ZIP3/ZIP4/ZIP5, SocialSecurityNumber/NationalIdentificationNumber; "
          + "other names with --map ROLE=COLUMN."
    })
public final class OpenTokenTokenizeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INPUT", description = "Input CSV (UTF-8, with a header).")
  Path input;

  @Parameters(index = "1", paramLabel = "OUTPUT", description = "Output CSV.")
  Path output;

  @Option(
      names = "--hashing-secret-file",
      required = true,
      paramLabel = "FILE",
      description = "File holding the hashing secret.")
  Path hashingSecretFile;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(names = "--hash-only", description = "Write hash-only tokens.")
    boolean hashOnly;

    @Option(
        names = "--encryption-key-file",
        paramLabel = "FILE",
        description = "File holding the 32-character AES-256 key; tokens are encrypted.")
    Path encryptionKeyFile;
  }

  @Option(
      names = "--map",
      paramLabel = "ROLE=COLUMN",
      description =
          "Use COLUMN for ROLE (record_id, first_name, last_name, birth_date, sex, "
              + "postal_code, ssn), e.g. --map ssn=SSN.")
  Map<String, String> mappings = new LinkedHashMap<>();

  @Option(
      names = "--lenient",
      description =
          "Accept values OpenToken rejects: sex in any case and "
              + "with spaces (MALE), surrounding spaces, M/d/yyyy dates. Off by default (exact OpenToken).")
  boolean lenient;

  @Mixin ThreadsOption threads;

  @Option(names = "--force", description = "Replace existing output files.")
  boolean force;

  @Option(
      names = {"-q", "--quiet"},
      description = "No summary on standard error.")
  boolean quiet;

  @Override
  public Integer call() {
    OpenTokenFiles.checkInput(input);
    Path metadataPath = OpenTokenFiles.metadataPath(output);
    OpenTokenFiles.checkOutputs(force, input, output, metadataPath);
    SecretBytes hashingSecret = SecretFile.read(hashingSecretFile, "--hashing-secret-file");
    TokenScheme scheme;
    Optional<String> encryptionFingerprint = Optional.empty();
    if (mode.encryptionKeyFile != null) {
      SecretBytes key = OpenTokenKeys.encryptionKey(mode.encryptionKeyFile);
      scheme = new OpenTokenEncryptedScheme(hashingSecret, key, new SecureRandom());
      encryptionFingerprint = Optional.of(KeyFingerprints.of(key));
    } else {
      scheme = new OpenTokenHashScheme(hashingSecret);
    }
    PipelineOptions options = threads.pipelineOptions();
    OpenTokenizer tokenizer = new OpenTokenizer(scheme, lenient, mappings);
    long start = System.nanoTime();
    PipelineOptions runOptions = options;
    Optional<String> encryption = encryptionFingerprint;
    OpenTokenMetadata metadata =
        OpenTokenFiles.writeAtomically(
            output,
            out ->
                tokenizer.run(
                    RunInput.of(input.toString(), () -> Files.newInputStream(input)),
                    out,
                    runOptions,
                    LocalDate.now(ZoneOffset.UTC),
                    ToolVersion.current(),
                    KeyFingerprints.of(hashingSecret),
                    encryption),
            metadataPath,
            OpenTokenMetadata::toJson);
    warnAboutColumns(metadata);
    if (!quiet) {
      double seconds = Math.max((System.nanoTime() - start) / 1e9, 0.001);
      System.err.printf(
          java.util.Locale.ROOT,
          "%s: %,d rows, %,d with invalid attributes, %,d rejected, in %.1f s (%,.0f rows/s)%n"
              + "  wrote %s and %s%n",
          input,
          metadata.totalRows(),
          metadata.rowsWithInvalidAttributes(),
          metadata.rejectedRecords(),
          seconds,
          metadata.totalRows() / seconds,
          output,
          metadataPath);
    }
    return ExitCodes.OK;
  }

  /**
   * Says which attributes had no column (OpenToken would silently give blank tokens), and which
   * columns were not used, so that a column such as {@code SSN} can be named with {@code --map}.
   */
  private static void warnAboutColumns(OpenTokenMetadata metadata) {
    if (metadata.attributesWithoutColumn().isEmpty()) {
      return;
    }
    System.err.println(
        "deid: warning: no column for "
            + String.join(", ", metadata.attributesWithoutColumn())
            + ": rules using it give blank tokens"
            + (metadata.ignoredColumns().isEmpty()
                ? ""
                : "; unused columns: "
                    + String.join(", ", metadata.ignoredColumns())
                    + " (name one with --map ROLE=COLUMN, e.g. --map ssn=SSN)"));
  }
}
