package org.deid.server.inbox;

import java.time.Instant;

/**
 * A job an inbox rule started: the job's origin.
 *
 * @param jobId the job
 * @param clientId the client
 * @param ruleId the rule that matched
 * @param path the file's key
 * @param sha256 the SHA-256 of the content the job was started for
 * @param size its size in bytes
 * @param generation how many different contents this path has had (1 for the first)
 * @param source how the file landed: {@code sftp}, {@code http} or {@code scan}
 * @param createdAt when the job was started
 */
public record InboxStart(
    String jobId,
    String clientId,
    String ruleId,
    String path,
    String sha256,
    long size,
    long generation,
    String source,
    Instant createdAt) {}
