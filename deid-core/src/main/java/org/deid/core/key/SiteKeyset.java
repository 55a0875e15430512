package org.deid.core.key;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The client's AES-SIV site keys: exactly one primary (which encrypts) and older keys kept so that
 * existing tokens still decrypt by key id. Immutable and thread-safe.
 */
public final class SiteKeyset {
  private final List<SiteKey> keys;
  private final int primaryId;

  /**
   * Builds a keyset.
   *
   * @param keys at least one key, ids unique
   * @param primaryId id of the primary key, which must be {@link KeyStatus#ENABLED}
   * @throws IllegalArgumentException on duplicate ids, an unknown or disabled primary
   */
  public SiteKeyset(List<SiteKey> keys, int primaryId) {
    this.keys = List.copyOf(keys);
    this.primaryId = primaryId;
    if (this.keys.isEmpty()) {
      throw new IllegalArgumentException("site keyset needs at least one key");
    }
    Set<Integer> seen = new HashSet<>();
    for (SiteKey key : this.keys) {
      if (!seen.add(key.id())) {
        throw new IllegalArgumentException("duplicate site key id " + key.idText());
      }
    }
    SiteKey primary =
        byId(primaryId)
            .orElseThrow(
                () -> new IllegalArgumentException("primary site key is not in the keyset"));
    if (primary.status() != KeyStatus.ENABLED) {
      throw new IllegalArgumentException("primary site key must be ENABLED");
    }
  }

  /**
   * Generates a keyset of one random primary key.
   *
   * @param random source of randomness
   * @return a new keyset
   */
  public static SiteKeyset generate(SecureRandom random) {
    int id = KeyIds.randomSiteKeyId(random, candidate -> false);
    SiteKey key = new SiteKey(id, KeyStatus.ENABLED, SecretBytes.random(SiteKey.KEY_BYTES, random));
    return new SiteKeyset(List.of(key), id);
  }

  /**
   * Returns a keyset with a new random primary key added; the old keys stay, enabled, for
   * decryption and re-keying.
   *
   * @param random source of randomness
   * @return a new keyset; this one is unchanged
   */
  public SiteKeyset withNewPrimary(SecureRandom random) {
    int id = KeyIds.randomSiteKeyId(random, candidate -> byId(candidate).isPresent());
    List<SiteKey> grown = new ArrayList<>(keys);
    grown.add(new SiteKey(id, KeyStatus.ENABLED, SecretBytes.random(SiteKey.KEY_BYTES, random)));
    return new SiteKeyset(grown, id);
  }

  /**
   * Returns the primary key, the one that encrypts.
   *
   * @return the primary key
   */
  public SiteKey primary() {
    return byId(primaryId).orElseThrow();
  }

  /**
   * Returns the primary key's id.
   *
   * @return the id
   */
  public int primaryId() {
    return primaryId;
  }

  /**
   * Looks a key up by id.
   *
   * @param id a key id
   * @return the key, or empty when the keyset has no such key
   */
  public Optional<SiteKey> byId(int id) {
    for (SiteKey key : keys) {
      if (key.id() == id) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every key in file order.
   *
   * @return an unmodifiable list
   */
  public List<SiteKey> keys() {
    return keys;
  }

  /** Shows ids and statuses only. */
  @Override
  public String toString() {
    return "SiteKeyset[primary=" + Integer.toUnsignedString(primaryId) + ", keys=" + keys + "]";
  }
}
