package org.deid.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyLoader;
import org.deid.core.testing.PropertyCases;
import org.junit.jupiter.api.Test;

/** The output never depends on thread count, chunk size or the order of the input rows. */
class DeidentifierDeterminismTest {
  private static final Path SAMPLE = Path.of("../examples/patients.csv");
  private static final Path SAFE_HARBOR = Path.of("../examples/safe-harbor.yaml");
  private static final Path KEYS = Path.of("../conformance/tokens/test-keys.json");

  private static byte[] run(Path policyFile, byte[] input, PipelineOptions pipeline)
      throws Exception {
    Policy policy = PolicyLoader.load(policyFile);
    KeyMaterial keys = KeyFiles.read(KEYS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deidentifier.create(policy, keys)
        .run(
            RunInput.of("patients.csv", () -> new ByteArrayInputStream(input)),
            out,
            RunOptions.defaults().withPipeline(pipeline));
    return out.toByteArray();
  }

  /** Threads and chunk size of one run. */
  record Parallelism(int threads, int chunkSize) {}

  @Test
  void output_anyThreadCountAndChunkSize_byteIdentical() throws Exception {
    byte[] input = Files.readAllBytes(SAMPLE);
    byte[] reference =
        run(SAFE_HARBOR, input, PipelineOptions.defaults().withThreads(1).withChunkSize(1024));
    List<Parallelism> edgeCases =
        List.of(
            new Parallelism(1, 1),
            new Parallelism(6, 1),
            new Parallelism(1, 700),
            new Parallelism(6, 700),
            new Parallelism(2, 1199),
            new Parallelism(3, 1200),
            new Parallelism(4, 1201));

    PropertyCases.check(
        0xD373_0001L,
        12,
        edgeCases,
        random -> new Parallelism(random.intBetween(1, 6), random.intBetween(1, 700)),
        p ->
            assertThat(
                    run(
                        SAFE_HARBOR,
                        input,
                        PipelineOptions.defaults()
                            .withThreads(p.threads())
                            .withChunkSize(p.chunkSize())))
                .isEqualTo(reference));
  }

  @Test
  void tokens_inputRowsShuffled_sameTokensPerRecord() throws Exception {
    List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
    byte[] original = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    Path policy = Path.of("src/test/resources/pipeline/tokens-with-id.yaml");
    Map<String, String> before = tokensById(run(policy, original, PipelineOptions.defaults()));

    PropertyCases.check(
        0xD373_0002L,
        6,
        List.of(),
        random -> random.anyLong(),
        seed -> {
          List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
          Collections.shuffle(body, new Random(seed));
          byte[] shuffled =
              (lines.get(0) + "\n" + String.join("\n", body) + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          Map<String, String> after =
              tokensById(run(policy, shuffled, PipelineOptions.defaults().withThreads(3)));
          assertThat(after).isEqualTo(before).hasSize(1200);
        });
  }

  private static Map<String, String> tokensById(byte[] csv) {
    Map<String, String> result = new HashMap<>();
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n");
    for (int i = 1; i < lines.length; i++) {
      int lastComma = lines[i].lastIndexOf(',');
      result.put(lines[i].substring(lastComma + 1), lines[i].substring(0, lastComma));
    }
    return result;
  }
}
