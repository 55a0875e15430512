package org.deid.server.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life cycle of a job. Every change of state goes through {@link #canMoveTo}: this enum holds
 * the one table of allowed transitions.
 *
 * <pre>
 * SUBMITTED -> QUEUED | CANCELLED
 * QUEUED    -> RUNNING | CANCELLED
 * RUNNING   -> SUCCEEDED | FAILED | CANCELLED | QUEUED (retry, lost lease, shutdown)
 * SUCCEEDED, FAILED, CANCELLED: terminal
 * </pre>
 */
public enum JobState {
  /** Accepted and validated, not yet in the queue. */
  SUBMITTED,
  /** Waiting for a worker (possibly until a back-off delay has passed). */
  QUEUED,
  /** Leased by a worker. */
  RUNNING,
  /** Finished; outputs and reports are committed. */
  SUCCEEDED,
  /** Finished without output; the reason is recorded. */
  FAILED,
  /** Cancelled by the client before it finished. */
  CANCELLED;

  private static final Map<JobState, Set<JobState>> ALLOWED =
      Map.of(
          SUBMITTED, EnumSet.of(QUEUED, CANCELLED),
          QUEUED, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED),
          SUCCEEDED, EnumSet.noneOf(JobState.class),
          FAILED, EnumSet.noneOf(JobState.class),
          CANCELLED, EnumSet.noneOf(JobState.class));

  /**
   * Tells whether a job in this state may move to another.
   *
   * @param next the proposed state
   * @return true if the transition table allows it
   */
  public boolean canMoveTo(JobState next) {
    return ALLOWED.get(this).contains(next);
  }

  /**
   * Tells whether no transition leaves this state.
   *
   * @return true for SUCCEEDED, FAILED and CANCELLED
   */
  public boolean isTerminal() {
    return ALLOWED.get(this).isEmpty();
  }

  /**
   * Checks a transition.
   *
   * @param next the proposed state
   * @throws IllegalStateException if the table does not allow it
   */
  public void checkMoveTo(JobState next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("job state " + this + " cannot move to " + next);
    }
  }
}
