package org.deid.core.transform;

/**
 * Keyed primitives that transforms need, backed by the client's keys. Thread-safe.
 *
 * <p>Implemented in {@code org.deid.core.key} over the key material; transforms never see key
 * bytes.
 */
public interface KeyedFunctions {
  /**
   * Computes HMAC-SHA256 under the client's PRF key over {@code purpose || 0x00 || message}.
   *
   * @param purpose domain separation label such as {@code date-shift} or {@code hash:mrn}
   * @param message the input bytes
   * @return 32 bytes
   */
  byte[] prf(String purpose, byte[] message);

  /**
   * Encrypts a value deterministically (AES-SIV under the client's primary site key, with the
   * domain as associated data) and returns printable text that carries the key id, so key holders
   * can reverse it and references stay joinable within the client.
   *
   * @param domain associated data, for example the column name
   * @param value the value to encrypt
   * @return base64url text
   */
  String pseudonym(String domain, String value);
}
