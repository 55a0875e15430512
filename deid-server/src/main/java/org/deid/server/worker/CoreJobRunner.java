package org.deid.server.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import org.deid.core.key.KeyFileException;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.pipeline.RunInput;
import org.deid.core.pipeline.RunOptions;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import org.deid.core.policy.PolicyLoader;
import org.deid.core.report.RunReport;

/**
 * The {@link DeidEngine} over deid-core, and the only class of the server that calls the core. It
 * runs {@link Deidentifier} exactly as {@code deid tokenize} does (default pipeline options, a 64
 * KiB buffer, gzip when the output name ends in {@code .gz}), so for the same input, policy and
 * keys the output bytes are identical. Thread-safe.
 */
public final class CoreJobRunner implements DeidEngine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER = 1 << 16;

  private final String toolVersion;

  /** Creates the runner; reports record the server's version. */
  public CoreJobRunner() {
    String version = CoreJobRunner.class.getPackage().getImplementationVersion();
    this.toolVersion = version == null ? "dev" : version;
  }

  @Override
  public String checkPolicy(byte[] policyText) throws EngineConfigException {
    Policy policy = parsePolicy(policyText);
    try {
      // Token rules are checked against keys; throwaway keys are enough to validate the policy.
      Deidentifier.create(policy, KeyMaterial.generate(new SecureRandom()));
    } catch (PolicyException e) {
      throw new EngineConfigException(e.getMessage());
    }
    return policy.name() + " version " + policy.version() + " (sha256 " + policy.sha256() + ")";
  }

  @Override
  public String checkKeys(byte[] keys) throws EngineConfigException {
    try {
      List<Map<String, Object>> described =
          parseKeys(keys).describe().stream()
              .map(
                  info ->
                      Map.<String, Object>of(
                          "kind", info.kind(),
                          "id", info.id(),
                          "fingerprint", info.fingerprint(),
                          "primary", info.primary()))
              .toList();
      return JSON.writeValueAsString(described);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot describe keys", e);
    }
  }

  @Override
  public PreparedRun prepare(byte[] policyText, byte[] keys) throws EngineConfigException {
    Deidentifier engine;
    try {
      engine = Deidentifier.create(parsePolicy(policyText), parseKeys(keys));
    } catch (PolicyException e) {
      throw new EngineConfigException(e.getMessage());
    }
    return (inputName, input, output, rowsDone) -> run(engine, inputName, input, output, rowsDone);
  }

  private RunResult run(
      Deidentifier engine,
      String inputName,
      InputOpener input,
      OutputStream output,
      LongConsumer rowsDone)
      throws IOException, InputRejectedException {
    RunOptions options = RunOptions.defaults().withToolVersion(toolVersion).withProgress(rowsDone);
    RunReport report;
    try (OutputStream out = encode(output, inputName)) {
      report = engine.run(RunInput.of(inputName, input::open), out, options);
    } catch (DeidRunException e) {
      IOException io = ioCause(e);
      if (io != null && e.kind() != DeidRunException.Kind.INPUT) {
        throw io;
      }
      throw new InputRejectedException(e.getMessage());
    }
    return new RunResult(
        report.rowsRead(),
        report.rowsWritten(),
        report.rowsRejected(),
        report.withOutput(inputName).toJson());
  }

  /** The same encoding as the CLI; closing it finishes gzip but leaves the caller's stream open. */
  private static OutputStream encode(OutputStream output, String name) throws IOException {
    OutputStream keepOpen =
        new FilterOutputStream(output) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    OutputStream buffered = new BufferedOutputStream(keepOpen, BUFFER);
    return name.toLowerCase(Locale.ROOT).endsWith(".gz")
        ? new GZIPOutputStream(buffered, BUFFER)
        : buffered;
  }

  /** A storage failure inside the run stays an IOException, so the job is retried. */
  private static IOException ioCause(Throwable error) {
    for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  private static Policy parsePolicy(byte[] policyText) throws EngineConfigException {
    try {
      return PolicyLoader.parse(new String(policyText, StandardCharsets.UTF_8), "policy");
    } catch (PolicyException e) {
      throw new EngineConfigException(e.getMessage());
    }
  }

  private static KeyMaterial parseKeys(byte[] keys) throws EngineConfigException {
    try {
      return KeyFiles.parse(keys, "keys");
    } catch (KeyFileException e) {
      throw new EngineConfigException(e.getMessage());
    }
  }
}
