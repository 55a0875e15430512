package org.deid.server.audit;

import java.time.Instant;

/**
 * One API call: who, what, when, outcome. Holds the route template, not the concrete path, so
 * object keys chosen by clients never reach the audit log.
 *
 * @param at when the call finished
 * @param actor {@code admin:KEYID}, {@code client:ID:KEYID} or {@code anonymous}
 * @param method the HTTP method
 * @param route the matched route template, for example {@code /v1/jobs/{id}}
 * @param status the HTTP status answered
 * @param durationMillis how long it took
 * @param remoteAddress the caller's address
 */
public record AuditEntry(
    Instant at,
    String actor,
    String method,
    String route,
    int status,
    long durationMillis,
    String remoteAddress) {}
