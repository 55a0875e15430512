package org.deid.core.normalize;

/**
 * Normalizes and validates the raw values of one attribute.
 *
 * <p>Contract: thread-safe, deterministic (no dependence on locale, time zone or clock other than
 * an explicitly injected reference date), and idempotent: normalizing a normalized value gives the
 * same value. A blank value is {@code invalid("missing")}. Invalid or placeholder values are never
 * guessed into a valid one.
 */
public interface AttributeNormalizer {
  /**
   * Returns the attribute this normalizer handles.
   *
   * @return the attribute
   */
  Attribute attribute();

  /**
   * Normalizes one raw value.
   *
   * @param raw the raw value as read from the input, never null
   * @return the normalized value or the reason it is invalid
   */
  Normalized normalize(String raw);
}
