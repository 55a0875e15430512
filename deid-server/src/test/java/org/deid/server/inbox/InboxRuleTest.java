package org.deid.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboxRuleTest {
  @Test
  void star_staysInOneFolder_doubleStarCrossesFolders() {
    assertThat(InboxRule.matches("inbox/*.csv", "inbox/a.csv")).isTrue();
    assertThat(InboxRule.matches("inbox/*.csv", "inbox/old/a.csv")).isFalse();
    assertThat(InboxRule.matches("inbox/**.csv", "inbox/old/a.csv")).isTrue();
    assertThat(InboxRule.matches("inbox/*.{csv,tsv}", "inbox/a.tsv")).isTrue();
    assertThat(InboxRule.matches("inbox/*.csv", "inbox/a.CSV")).isFalse();
    assertThat(InboxRule.matches("inbox/*.csv", "other/inbox/a.csv")).isFalse();
  }

  @Test
  void baseFolder_isTheFixedLeadingFolders() {
    assertThat(InboxRule.baseFolder("inbox/*.csv")).isEqualTo("inbox/");
    assertThat(InboxRule.baseFolder("a/b/c?.csv")).isEqualTo("a/b/");
    assertThat(InboxRule.baseFolder("a/*/c.csv")).isEqualTo("a/");
    assertThat(InboxRule.baseFolder("*.csv")).isEmpty();
  }
}
