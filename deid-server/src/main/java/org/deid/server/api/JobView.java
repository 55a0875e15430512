package org.deid.server.api;

import java.util.List;
import java.util.Optional;
import org.deid.server.inbox.InboxStart;
import org.deid.server.job.Job;
import org.deid.server.job.JobEvent;
import org.deid.server.job.JobOutput;

/**
 * A job as the API shows it (times in ISO-8601 UTC; absent values omitted).
 *
 * @param id job id
 * @param state state name
 * @param attempts attempts started
 * @param maxAttempts attempt limit
 * @param priority priority 0-9
 * @param inputs input keys
 * @param outputPrefix output folder
 * @param policyVersion policy version used
 * @param keysVersion key version used
 * @param rowsDone progress of the current attempt, or rows read when finished
 * @param cancelRequested whether a cancel is pending
 * @param outputs committed outputs
 * @param reason the latest reason (failure, retry, cancel)
 * @param idempotencyKey the client's idempotency key
 * @param createdAt submission time
 * @param updatedAt last change
 * @param finishedAt terminal time
 * @param origin the inbox rule and file that started the job, null for a job submitted by a call
 */
public record JobView(
    String id,
    String state,
    int attempts,
    int maxAttempts,
    int priority,
    List<String> inputs,
    String outputPrefix,
    int policyVersion,
    int keysVersion,
    long rowsDone,
    boolean cancelRequested,
    List<JobOutput> outputs,
    String reason,
    String idempotencyKey,
    String createdAt,
    String updatedAt,
    String finishedAt,
    Origin origin) {

  /**
   * Where an inbox job came from: the rule and the file content it was started for.
   *
   * @param ruleId the inbox rule
   * @param path the file's key
   * @param sha256 the SHA-256 of the content
   * @param size its size in bytes
   * @param generation 1 for the first content of the path, +1 for each different content
   * @param source how the file landed: {@code sftp}, {@code http} or {@code scan}
   */
  public record Origin(
      String ruleId, String path, String sha256, long size, long generation, String source) {
    static Origin of(InboxStart start) {
      return new Origin(
          start.ruleId(),
          start.path(),
          start.sha256(),
          start.size(),
          start.generation(),
          start.source());
    }
  }

  static JobView of(Job job) {
    return of(job, Optional.empty());
  }

  static JobView of(Job job, Optional<InboxStart> start) {
    return new JobView(
        job.id(),
        job.state().name(),
        job.attempts(),
        job.spec().maxAttempts(),
        job.spec().priority(),
        job.spec().inputs(),
        job.spec().outputPrefix(),
        job.spec().policyVersion(),
        job.spec().keysVersion(),
        job.rowsDone(),
        job.cancelRequested(),
        job.outputs(),
        job.reason().orElse(null),
        job.spec().idempotencyKey().orElse(null),
        job.createdAt().toString(),
        job.updatedAt().toString(),
        job.finishedAt().map(Object::toString).orElse(null),
        start.map(Origin::of).orElse(null));
  }

  /**
   * A job event as the API shows it.
   *
   * @param id event id
   * @param from previous state
   * @param to new state
   * @param attempt attempt number
   * @param reason reason, if any
   * @param at when
   */
  public record EventView(long id, String from, String to, int attempt, String reason, String at) {
    static EventView of(JobEvent event) {
      return new EventView(
          event.id(),
          event.from().map(Enum::name).orElse(null),
          event.to().name(),
          event.attempt(),
          event.reason().orElse(null),
          event.at().toString());
    }
  }
}
