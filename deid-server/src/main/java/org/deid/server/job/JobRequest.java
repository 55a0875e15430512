package org.deid.server.job;

import java.util.List;

/**
 * A client's job request as received over the API (not yet validated). Absent fields are null.
 *
 * @param inputs input object keys
 * @param outputPrefix where outputs go
 * @param policyVersion a policy version, or null for the current one
 * @param priority 0-9, null for 0
 * @param idempotencyKey optional: the same key returns the same job
 */
public record JobRequest(
    List<String> inputs,
    String outputPrefix,
    Integer policyVersion,
    Integer priority,
    String idempotencyKey) {}
