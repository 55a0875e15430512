package org.deid.core.key;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * All keys one client works with: the network's linkage secret, the client's site keyset and the
 * client's PRF key. Immutable and thread-safe; {@link #toString()} shows ids only.
 */
public final class KeyMaterial {
  private final LinkageSecret linkage;
  private final SiteKeyset site;
  private final PrfKey prf;

  /**
   * Groups the three keys.
   *
   * @param linkage the linkage secret {@code K_link}
   * @param site the site keyset
   * @param prf the PRF key
   */
  public KeyMaterial(LinkageSecret linkage, SiteKeyset site, PrfKey prf) {
    this.linkage = Objects.requireNonNull(linkage, "linkage");
    this.site = Objects.requireNonNull(site, "site");
    this.prf = Objects.requireNonNull(prf, "prf");
  }

  /**
   * Generates fresh random keys: a new linkage secret, a one-key site keyset and a PRF key. A
   * network shares one linkage secret, so a second client should take the linkage secret from the
   * first (see {@link #withLinkage(LinkageSecret)}).
   *
   * @param random source of randomness
   * @return new key material
   */
  public static KeyMaterial generate(SecureRandom random) {
    return new KeyMaterial(
        LinkageSecret.generate(random), SiteKeyset.generate(random), PrfKey.generate(random));
  }

  /**
   * Returns key material whose site keyset has a new primary key; the old site keys are kept for
   * decryption and re-keying. Linkage secret and PRF key are unchanged.
   *
   * @param random source of randomness
   * @return new key material; this one is unchanged
   */
  public KeyMaterial rotateSite(SecureRandom random) {
    return new KeyMaterial(linkage, site.withNewPrimary(random), prf);
  }

  /**
   * Returns key material with another linkage secret, for example the network's shared one.
   *
   * @param newLinkage the linkage secret to use
   * @return new key material; this one is unchanged
   */
  public KeyMaterial withLinkage(LinkageSecret newLinkage) {
    return new KeyMaterial(newLinkage, site, prf);
  }

  /**
   * Returns the linkage secret.
   *
   * @return {@code K_link}
   */
  public LinkageSecret linkage() {
    return linkage;
  }

  /**
   * Returns the site keyset.
   *
   * @return the site keys
   */
  public SiteKeyset site() {
    return site;
  }

  /**
   * Returns the PRF key.
   *
   * @return the PRF key
   */
  public PrfKey prf() {
    return prf;
  }

  /**
   * Describes every key for reports and metadata: kind, id, keyed fingerprint, primary flag.
   *
   * @return linkage first, then site keys in file order, then the PRF key
   */
  public List<KeyInfo> describe() {
    List<KeyInfo> infos = new ArrayList<>();
    infos.add(new KeyInfo("linkage", linkage.id(), KeyFingerprints.of(linkage.key()), true));
    for (SiteKey key : site.keys()) {
      infos.add(
          new KeyInfo(
              "site", key.idText(), KeyFingerprints.of(key.key()), key.id() == site.primaryId()));
    }
    infos.add(new KeyInfo("prf", prf.id(), KeyFingerprints.of(prf.key()), true));
    return List.copyOf(infos);
  }

  /** Shows key ids only. */
  @Override
  public String toString() {
    return "KeyMaterial[linkage=" + linkage.id() + ", site=" + site + ", prf=" + prf.id() + "]";
  }
}
