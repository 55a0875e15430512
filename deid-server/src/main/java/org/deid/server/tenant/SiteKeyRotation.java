package org.deid.server.tenant;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.deid.core.key.KeyFileException;
import org.deid.core.key.KeyFiles;
import org.deid.core.key.KeyMaterial;

/**
 * Rotates a client's site key: opens the current sealed key version, adds a random new primary site
 * key with {@link KeyMaterial#rotateSite(SecureRandom)} (the old site keys stay, enabled, so old
 * tokens still decrypt and can be re-keyed) and stores the result as a new sealed version. The
 * linkage secret and PRF key are unchanged. Thread-safe (versions are assigned by the database).
 */
public final class SiteKeyRotation {
  private final TenantService tenants;
  private final SecureRandom random;

  /**
   * Creates the rotation.
   *
   * @param tenants stores and opens sealed keys
   * @param random source of the new key
   */
  public SiteKeyRotation(TenantService tenants, SecureRandom random) {
    this.tenants = tenants;
    this.random = random;
  }

  /**
   * Rotates the client's site key.
   *
   * @param clientId the client
   * @return the new key version, with key ids and fingerprints
   * @throws TenantException (404) for an unknown client, (409) when it has no keys yet or its
   *     current key file is not a deid key file
   */
  public VersionInfo rotate(String clientId) {
    List<VersionInfo> versions = tenants.keyVersions(clientId);
    if (versions.isEmpty()) {
      throw TenantException.conflict("the client has no keys to rotate; store a key file first");
    }
    byte[] current = tenants.openKeys(clientId, versions.get(versions.size() - 1).version());
    KeyMaterial rotated;
    try {
      rotated = KeyFiles.parse(current, "stored keys").rotateSite(random);
    } catch (KeyFileException e) {
      throw TenantException.conflict("the current key file cannot be rotated: " + e.getMessage());
    } finally {
      Arrays.fill(current, (byte) 0);
    }
    // storeKeys wipes the bytes it is given; the JSON String cannot be wiped (see docs)
    return tenants.storeKeys(clientId, KeyFiles.toJson(rotated).getBytes(StandardCharsets.UTF_8));
  }
}
