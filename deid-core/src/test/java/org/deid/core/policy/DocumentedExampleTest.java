package org.deid.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deid.core.transform.TestKeys;
import org.junit.jupiter.api.Test;

/** Keeps docs/policy.md honest: its complete example must load and plan. */
class DocumentedExampleTest {
  private static String firstYamlBlock() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "policy.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    return doc.substring(start, doc.indexOf("```", start));
  }

  @Test
  void completeExample_loadsAndPlans() throws Exception {
    Policy policy = PolicyLoader.parse(firstYamlBlock(), "policy.md");
    assertThat(policy.method()).isEqualTo(Method.EXPERT_DETERMINATION);
    assertThat(policy.tokens().rules()).hasSize(6);
    List<String> header = policy.columns().stream().map(ColumnSpec::name).toList();
    ColumnPlan plan = policy.plan(header, new TestKeys());
    assertThat(plan.actionsByColumn())
        .containsEntry("admission_date", "date_shift")
        .containsEntry("notes", "drop")
        .containsEntry("total_cost", "bucket");
  }

  @Test
  void completeExample_underSafeHarbor_isRejectedForItsExpertOnlyActions() throws Exception {
    String yaml = firstYamlBlock().replace("method: expert-determination", "method: safe-harbor");
    try {
      PolicyLoader.parse(yaml, "policy.md");
      throw new AssertionError("accepted");
    } catch (PolicyException e) {
      assertThat(e.problems()).hasSize(3).allSatisfy(p -> assertThat(p).contains("less strict"));
    }
  }
}
