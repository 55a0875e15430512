package org.deid.core.key;

/**
 * A token or pseudonym could not be decrypted. The message names what was being decrypted and why
 * (see {@link #reason()}), never the text itself nor any key bytes.
 */
public final class DecryptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why decryption failed. */
  public enum Reason {
    /** Not base64url / base64, or too short to hold a header and a tag. */
    MALFORMED,
    /** The version byte is not one this build understands. */
    UNSUPPORTED_VERSION,
    /** The key id names no key of the keyset. */
    UNKNOWN_KEY,
    /** The key id names a {@link KeyStatus#DISABLED} key. */
    DISABLED_KEY,
    /** Authentication failed: the text was altered, or belongs to another rule, domain or key. */
    AUTHENTICATION_FAILED
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why decryption failed
   * @param message a message free of the input text and of key bytes
   */
  public DecryptionException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Returns why decryption failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
