package org.deid.server.job;

/** What a worker learns when it renews its lease. */
public enum HeartbeatOutcome {
  /** The lease was extended; keep going. */
  HELD,
  /** The lease was extended but the client asked to cancel: stop and report CANCELLED. */
  CANCEL_REQUESTED,
  /** The lease is gone (expired and reaped, or the job moved on): stop and commit nothing. */
  LOST
}
