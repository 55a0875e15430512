package org.deid.core.key;

/**
 * What a report may say about one key: never its bytes, never a plain hash of them.
 *
 * @param kind {@code linkage}, {@code site} or {@code prf}
 * @param id the key id (site key ids as unsigned decimal)
 * @param fingerprint the keyed fingerprint from {@link KeyFingerprints#of(SecretBytes)}
 * @param primary true for the primary site key and for the single linkage and PRF keys
 */
public record KeyInfo(String kind, String id, String fingerprint, boolean primary) {}
