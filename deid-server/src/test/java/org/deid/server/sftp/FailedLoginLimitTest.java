package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedLoginLimitTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final FailedLoginLimit limit = new FailedLoginLimit(3, Duration.ofMinutes(15), clock);

  @Test
  void aKeyIsAllowedUntilItsFailuresAreUsedUp_andTheLastOneSaysSo() {
    assertThat(limit.allows("10.0.0.1")).isTrue();
    assertThat(limit.recordFailure("10.0.0.1")).isFalse();
    assertThat(limit.recordFailure("10.0.0.1")).isFalse();
    assertThat(limit.allows("10.0.0.1")).isTrue();
    assertThat(limit.recordFailure("10.0.0.1")).isTrue();
    assertThat(limit.allows("10.0.0.1")).isFalse();
    assertThat(limit.allows("10.0.0.2")).as("other keys are not affected").isTrue();
  }

  @Test
  void failuresLeaveTheSlidingWindow_oneAtATime() {
    limit.recordFailure("a");
    now = now.plus(Duration.ofMinutes(5));
    limit.recordFailure("a");
    limit.recordFailure("a");
    assertThat(limit.allows("a")).isFalse();

    now = now.plus(Duration.ofMinutes(10)).minusSeconds(1);
    assertThat(limit.allows("a")).isFalse();
    now = now.plusSeconds(1);
    assertThat(limit.allows("a")).as("the first failure is 15 minutes old").isTrue();
    limit.recordFailure("a");
    assertThat(limit.allows("a")).isFalse();
  }

  @Test
  void reset_forgetsAKeysFailures() {
    limit.recordFailure("a");
    limit.recordFailure("a");
    limit.recordFailure("a");
    limit.reset("a");
    assertThat(limit.allows("a")).isTrue();
  }

  @Test
  void limitsBelowOneOrAnEmptyWindow_areRefused() {
    assertThatThrownBy(() -> new FailedLoginLimit(0, Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FailedLoginLimit(1, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordGuessing(1, 0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
