package org.deid.server.worker;

/** Why a running attempt was told to stop. */
enum StopReason {
  /** The client cancelled the job. */
  CANCELLED,
  /** Another worker's reaper took the lease: commit nothing, report nothing. */
  LEASE_LOST,
  /** The attempt ran longer than the per-attempt timeout. */
  TIMED_OUT,
  /** The server is shutting down: return the job to the queue. */
  SHUTDOWN
}
