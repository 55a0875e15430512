package org.deid.server.tenant;

import java.time.Instant;

/**
 * A tenant of the service.
 *
 * @param id the client id (random, stable)
 * @param name a unique display name chosen by the administrator
 * @param createdAt when it was created
 */
public record Client(String id, String name, Instant createdAt) {}
