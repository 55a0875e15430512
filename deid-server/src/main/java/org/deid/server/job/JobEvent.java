package org.deid.server.job;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded state change of a job (the outbox row).
 *
 * @param id increasing event id
 * @param jobId the job
 * @param clientId the owning client
 * @param from the previous state (empty for creation)
 * @param to the new state
 * @param attempt the attempt number at the time
 * @param reason why, when there is a reason (never PII)
 * @param at when
 * @param workerId the worker whose attempt this change starts or ends (claims, outcomes, expired
 *     leases); empty for changes made by the API
 */
public record JobEvent(
    long id,
    String jobId,
    String clientId,
    Optional<JobState> from,
    JobState to,
    int attempt,
    Optional<String> reason,
    Instant at,
    Optional<String> workerId) {}
