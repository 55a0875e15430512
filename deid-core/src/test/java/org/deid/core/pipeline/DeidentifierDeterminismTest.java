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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyLoader;

/** The output never depends on thread count, chunk size or the order of the input rows. */
class DeidentifierDeterminismTest {
  private static final Path SAMPLE = Path.of("../examples/patients.csv");
  private static final Path SAFE_HARBOR = Path.of("../examples/safe-harbor.yaml");
  private static final Path KEYS = Path.of("../conformance/tokens/test-keys.json");

  private static byte[] run(Path policyFile, byte[] input, PipelineOptions pipeline) throws Exception {
    Policy policy = PolicyLoader.load(policyFile);
    KeyMaterial keys = KeyFiles.read(KEYS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deidentifier.create(policy, keys).run(
        RunInput.of("patients.csv", () -> new ByteArrayInputStream(input)), out,
        RunOptions.defaults().withPipeline(pipeline));
    return out.toByteArray();
  }

  @Property(tries = 12)
  void output_anyThreadCountAndChunkSize_byteIdentical(
      @ForAll @IntRange(min = 1, max = 6) int threads,
      @ForAll @IntRange(min = 1, max = 700) int chunkSize) throws Exception {
    byte[] input = Files.readAllBytes(SAMPLE);
    byte[] reference = run(SAFE_HARBOR, input, PipelineOptions.defaults().withThreads(1).withChunkSize(1024));

    byte[] output = run(SAFE_HARBOR, input,
        PipelineOptions.defaults().withThreads(threads).withChunkSize(chunkSize));

    assertThat(output).isEqualTo(reference);
  }

  @Property(tries = 5)
  void tokens_inputRowsShuffled_sameTokensPerRecord(@ForAll long seed) throws Exception {
    List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
    List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
    byte[] original = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    Collections.shuffle(body, new Random(seed));
    byte[] shuffled = (lines.get(0) + "\n" + String.join("\n", body) + "\n").getBytes(StandardCharsets.UTF_8);
    Path policy = Path.of("src/test/resources/pipeline/tokens-with-id.yaml");

    Map<String, String> before = tokensById(run(policy, original, PipelineOptions.defaults()));
    Map<String, String> after = tokensById(run(policy, shuffled, PipelineOptions.defaults().withThreads(3)));

    assertThat(after).isEqualTo(before).hasSize(1200);
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
