package org.deid.server.storage;

import java.time.Instant;

/**
 * Metadata of a stored object.
 *
 * @param key the object key
 * @param size its length in bytes
 * @param sha256 lower-case hex SHA-256 of its content
 * @param lastModified when it was written
 */
public record StoredObject(String key, long size, String sha256, Instant lastModified) {}
