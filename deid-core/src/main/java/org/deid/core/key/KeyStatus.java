package org.deid.core.key;

/** Whether a site key may be used. Only {@link #ENABLED} keys encrypt (as primary) or decrypt. */
public enum KeyStatus {
  /** Usable: the primary encrypts; every enabled key decrypts. */
  ENABLED,
  /** Kept in the file but refused for every operation, e.g. after a suspected compromise. */
  DISABLED
}
