package org.deid.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void terminalStates_allowNoTransition() {
    for (JobState terminal :
        new JobState[] {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}) {
      assertThat(terminal.isTerminal()).isTrue();
      for (JobState next : JobState.values()) {
        assertThat(terminal.canMoveTo(next)).isFalse();
      }
    }
  }

  @Test
  void running_mayReturnToQueue_butQueuedCannotSucceed() {
    assertThat(JobState.RUNNING.canMoveTo(JobState.QUEUED)).isTrue();
    assertThatThrownBy(() -> JobState.QUEUED.checkMoveTo(JobState.SUCCEEDED))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void exponentialBackoff_doublesUpToTheCap() {
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(60)).isEqualTo(Duration.ofSeconds(10));
  }
}
