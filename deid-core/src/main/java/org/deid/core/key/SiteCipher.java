package org.deid.core.key;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Deterministic authenticated encryption under a {@link SiteKeyset}, in deid's envelope:
 *
 * <pre>
 * envelope = 0x01 (version) || key id (4 bytes, big-endian) || AES-SIV(key, plaintext, ad)
 * AES-SIV  = synthetic IV (16 bytes) || ciphertext (same length as plaintext)     [RFC 5297]
 * text     = base64url without padding of the envelope
 * </pre>
 *
 * <p>The header is Tink's {@code TINK} output prefix, so Tink's own deterministic AEAD over the
 * same key and id gives byte-identical envelopes. Encryption uses the primary key; decryption picks
 * the key by the id in the header. Deterministic: equal plaintext and associated data under the
 * same key give equal envelopes. Thread-safe ({@link AesSivCipher} keeps per-thread ciphers).
 *
 * <p>Why {@link AesSivCipher} rather than Tink's {@code AesSiv}: the output is byte-identical (Tink
 * is the reference in the tests), but Tink allocated JDK ciphers on every call, which dominated a
 * token's cost. Reading the header here, rather than using a Tink keyset, lets decryption report
 * exactly why a token fails (unknown id, disabled key, version) instead of one generic error.
 */
public final class SiteCipher {
  /** The version byte of every envelope this build writes. */
  public static final byte VERSION = 0x01;

  /** Length of version byte plus key id. */
  public static final int HEADER_BYTES = 5;

  /** Length of the AES-SIV synthetic IV. */
  public static final int SIV_BYTES = 16;

  private static final Base64.Encoder TEXT_ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder TEXT_DECODER = Base64.getUrlDecoder();

  private final Map<Integer, AesSivCipher> enabled = new HashMap<>();
  private final SiteKeyset keyset;
  private final int primaryId;
  private final AesSivCipher primary;

  /**
   * Prepares one AES-SIV instance per enabled key.
   *
   * @param keyset the site keys
   */
  public SiteCipher(SiteKeyset keyset) {
    this.keyset = keyset;
    for (SiteKey key : keyset.keys()) {
      if (key.status() == KeyStatus.ENABLED) {
        enabled.put(key.id(), newAesSiv(key));
      }
    }
    this.primaryId = keyset.primaryId();
    this.primary = enabled.get(primaryId);
  }

  /**
   * Returns the id of the key that encrypts.
   *
   * @return the primary site key id
   */
  public int primaryKeyId() {
    return primaryId;
  }

  /**
   * Encrypts under the primary key into an envelope.
   *
   * @param plaintext bytes to encrypt
   * @param associatedData bytes bound to the ciphertext (rule id, pseudonym domain)
   * @return {@code 5 + 16 + plaintext.length} bytes
   */
  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    byte[] envelope = new byte[HEADER_BYTES + SIV_BYTES + plaintext.length];
    envelope[0] = VERSION;
    envelope[1] = (byte) (primaryId >>> 24);
    envelope[2] = (byte) (primaryId >>> 16);
    envelope[3] = (byte) (primaryId >>> 8);
    envelope[4] = (byte) primaryId;
    primary.encrypt(plaintext, associatedData, envelope, HEADER_BYTES);
    return envelope;
  }

  /**
   * Encrypts under the primary key and encodes the envelope as base64url without padding.
   *
   * @param plaintext bytes to encrypt
   * @param associatedData bytes bound to the ciphertext
   * @return printable text
   */
  public String sealText(byte[] plaintext, byte[] associatedData) {
    return TEXT_ENCODER.encodeToString(seal(plaintext, associatedData));
  }

  /**
   * Decrypts an envelope with the key its header names.
   *
   * @param envelope bytes from {@link #seal(byte[], byte[])}
   * @param associatedData the same associated data as at encryption
   * @param what names the input in error messages, e.g. {@code "token for rule T1"}
   * @return the plaintext
   * @throws DecryptionException when the envelope is malformed, of another version, names an
   *     unknown or disabled key, or fails authentication
   */
  public byte[] open(byte[] envelope, byte[] associatedData, String what) {
    if (envelope.length < HEADER_BYTES + SIV_BYTES) {
      throw new DecryptionException(DecryptionException.Reason.MALFORMED, what + ": too short");
    }
    if (envelope[0] != VERSION) {
      throw new DecryptionException(
          DecryptionException.Reason.UNSUPPORTED_VERSION,
          what + ": unsupported version " + (envelope[0] & 0xff));
    }
    int keyId =
        ((envelope[1] & 0xff) << 24)
            | ((envelope[2] & 0xff) << 16)
            | ((envelope[3] & 0xff) << 8)
            | (envelope[4] & 0xff);
    AesSivCipher cipher = enabled.get(keyId);
    if (cipher == null) {
      String id = Integer.toUnsignedString(keyId);
      if (keyset.byId(keyId).isPresent()) {
        throw new DecryptionException(
            DecryptionException.Reason.DISABLED_KEY, what + ": site key " + id + " is disabled");
      }
      throw new DecryptionException(
          DecryptionException.Reason.UNKNOWN_KEY, what + ": unknown site key id " + id);
    }
    try {
      return cipher.decrypt(envelope, HEADER_BYTES, envelope.length - HEADER_BYTES, associatedData);
    } catch (GeneralSecurityException e) {
      // The message says nothing about the input; still we do not chain it, to keep stack
      // traces free of anything derived from the ciphertext.
      throw new DecryptionException(
          DecryptionException.Reason.AUTHENTICATION_FAILED,
          what + ": authentication failed (altered, or made for another rule, domain or key)");
    }
  }

  /**
   * Decodes base64url text and decrypts it with {@link #open(byte[], byte[], String)}.
   *
   * @param text text from {@link #sealText(byte[], byte[])}
   * @param associatedData the same associated data as at encryption
   * @param what names the input in error messages
   * @return the plaintext
   * @throws DecryptionException as for {@link #open(byte[], byte[], String)}, or when the text is
   *     not base64url
   */
  public byte[] openText(String text, byte[] associatedData, String what) {
    byte[] envelope;
    try {
      envelope = TEXT_DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException(
          DecryptionException.Reason.MALFORMED, what + ": not base64url text");
    }
    return open(envelope, associatedData, what);
  }

  private static AesSivCipher newAesSiv(SiteKey key) {
    byte[] raw = key.key().copy();
    try {
      return new AesSivCipher(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
