package org.deid.server.worker;

import java.util.List;
import org.deid.server.job.JobOutput;

/** How one attempt of a job ended. */
sealed interface AttemptOutcome {
  /** Every output and report was committed. */
  record Succeeded(List<JobOutput> outputs) implements AttemptOutcome {}

  /** The job cannot succeed (bad input, policy or keys): fail without retry. */
  record Rejected(String reason) implements AttemptOutcome {}

  /** Something that may work next time (storage, I/O): retry if attempts are left. */
  record Transient(String reason) implements AttemptOutcome {}

  /** The attempt was stopped from outside; see its {@link StopReason}. */
  record Stopped(StopReason reason) implements AttemptOutcome {}
}
