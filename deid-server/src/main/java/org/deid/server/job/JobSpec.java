package org.deid.server.job;

import java.util.List;
import java.util.Optional;

/**
 * A validated request for a job: what to run, under which policy and key versions.
 *
 * @param clientId the owning client
 * @param inputs input object keys (validated, existing)
 * @param outputPrefix where outputs go, ending with {@code /} or empty
 * @param policyVersion the client's policy version resolved at submission
 * @param keysVersion the client's key version resolved at submission
 * @param priority higher runs first
 * @param maxAttempts attempts before the job fails for good
 * @param idempotencyKey optional client-chosen key: the same key returns the same job
 */
public record JobSpec(
    String clientId,
    List<String> inputs,
    String outputPrefix,
    int policyVersion,
    int keysVersion,
    int priority,
    int maxAttempts,
    Optional<String> idempotencyKey) {
  /** Copies the input list. */
  public JobSpec {
    inputs = List.copyOf(inputs);
  }
}
