package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.RunInput;
import org.deid.core.pipeline.RunOptions;
import org.deid.core.policy.PolicyLoader;
import org.deid.core.report.RunReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the malformed-input corpus through the whole engine, as {@code deid tokenize} does, with a
 * policy that declares each case's format: under {@code malformed_rows: reject} every record is
 * either written or listed in the report with its line and reason; under {@code fail} the first
 * malformed record stops the run naming its line; fatal cases fail as input problems naming the
 * file and reason. Cases whose options a policy cannot express (forced compression, size limits)
 * are covered at the reader level only.
 */
class MalformedCorpusPipelineTest {
  private static final Path CORPUS = Path.of("..", "conformance", "malformed");

  @TestFactory
  Stream<DynamicTest> everyExpressibleCase_followsTheDeclaredStrategyEndToEnd() throws Exception {
    KeyMaterial keys = KeyFiles.read(Path.of("../conformance/tokens/test-keys.json"));
    List<MalformedCorpusTest.Case> cases =
        MalformedCorpusTest.manifest().cases().stream()
            .filter(c -> c.format().compression() == null && c.format().maxFieldChars() == null)
            .toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, keys)));
  }

  private static void check(MalformedCorpusTest.Case c, KeyMaterial keys) throws Exception {
    byte[] bytes = Files.readAllBytes(CORPUS.resolve(c.file()));
    String reject = policy(c, bytes, "reject");
    if (c.fatal() != null) {
      assertThatThrownBy(() -> run(reject, bytes, c.file(), keys))
          .isInstanceOf(DeidRunException.class)
          .hasMessageContaining(c.file())
          .hasMessageContaining(c.fatal())
          .extracting(e -> ((DeidRunException) e).kind())
          .isEqualTo(DeidRunException.Kind.INPUT);
      return;
    }
    RunReport report = run(reject, bytes, c.file(), keys);
    assertThat(report.rowsWritten()).as("rows written").isEqualTo((long) c.rows());
    assertThat(report.rowsRead())
        .as("records read")
        .isEqualTo((long) c.rows() + c.malformed().size());
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    for (MalformedCorpusTest.Expected m : c.malformed()) {
      expected.computeIfAbsent(m.reason(), r -> new ArrayList<>()).add(m.line());
    }
    Map<String, List<Long>> actual = new LinkedHashMap<>();
    report
        .rejectedLines()
        .forEach((reason, lines) -> actual.put(reason, Arrays.stream(lines).boxed().toList()));
    assertThat(actual).as("rejected lines by reason").isEqualTo(expected);

    String fail = policy(c, bytes, "fail");
    if (c.malformed().isEmpty()) {
      assertThat(run(fail, bytes, c.file(), keys).rowsWritten()).isEqualTo((long) c.rows());
    } else {
      MalformedCorpusTest.Expected first = c.malformed().get(0);
      assertThatThrownBy(() -> run(fail, bytes, c.file(), keys))
          .isInstanceOf(DeidRunException.class)
          .hasMessageContaining(c.file() + ": line " + first.line() + ": malformed record (")
          .hasMessageContaining(first.reason());
    }
  }

  private static RunReport run(String policy, byte[] bytes, String name, KeyMaterial keys)
      throws Exception {
    return Deidentifier.create(PolicyLoader.parse(policy, "corpus.yaml"), keys)
        .run(
            RunInput.of(name, () -> new ByteArrayInputStream(bytes)),
            new ByteArrayOutputStream(),
            RunOptions.defaults().withPipeline(PipelineOptions.defaults().withThreads(2)));
  }

  /** A policy that reads the case's format and keeps every column. */
  private static String policy(MalformedCorpusTest.Case c, byte[] bytes, String malformed) {
    MalformedCorpusTest.Format f = c.format();
    StringBuilder input = new StringBuilder("{format: ").append(f.kind());
    if (f.delimiter() != null) {
      input.append(", delimiter: ").append(yamlString(f.delimiter()));
    }
    if (f.quote() != null) {
      input.append(", quote: ").append(yamlString(f.quote()));
    }
    if (f.header() != null) {
      input.append(", header: ").append(f.header());
    }
    if (f.charset() != null) {
      input.append(", encoding: ").append(f.charset());
    }
    if (f.trim() != null) {
      input.append(", trim: ").append(f.trim());
    }
    input.append(", malformed_rows: ").append(malformed).append('}');
    return "deid_policy: 1\nname: corpus\nversion: 1\nmethod: expert-determination\n"
        + "input: "
        + input
        + "\nunmapped_columns: keep\ncolumns:\n  "
        + yamlString(firstColumn(bytes, f.toInputFormat(), c.file()))
        + ": keep\n";
  }

  /** The first column of the input, or a stand-in when the header itself is fatal. */
  private static String firstColumn(byte[] bytes, InputFormat format, String name) {
    try (RecordReader reader = RecordReaders.open(new ByteArrayInputStream(bytes), format, name)) {
      return reader.columns().get(0);
    } catch (IOException e) {
      return "unread";
    }
  }

  private static String yamlString(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        quoted.append('\\').append(ch);
      } else if (ch < 0x20 || ch > 0x7e) {
        quoted.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
      } else {
        quoted.append(ch);
      }
    }
    return quoted.append('"').toString();
  }
}
