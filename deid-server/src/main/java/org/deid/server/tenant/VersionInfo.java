package org.deid.server.tenant;

import java.time.Instant;

/**
 * One stored version of a client's policy or keys.
 *
 * @param version the version number, from 1
 * @param description a non-secret description (policy digest, key ids and fingerprints)
 * @param createdAt when it was stored
 */
public record VersionInfo(int version, String description, Instant createdAt) {}
