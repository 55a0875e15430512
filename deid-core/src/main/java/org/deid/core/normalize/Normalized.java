package org.deid.core.normalize;

import java.util.Objects;

/**
 * The result of normalizing one raw value: either a normalized value or the reason it is invalid.
 *
 * <p>The value is PII: {@link #toString()} never shows it.
 */
public final class Normalized {
  private final String value;
  private final String reason;

  private Normalized(String value, String reason) {
    this.value = value;
    this.reason = reason;
  }

  /**
   * Creates a valid result.
   *
   * @param value the normalized value
   * @return a valid result
   */
  public static Normalized valid(String value) {
    return new Normalized(Objects.requireNonNull(value, "value"), null);
  }

  /**
   * Creates an invalid result.
   *
   * @param reason a short stable code such as {@code missing}, {@code placeholder} or {@code
   *     format}
   * @return an invalid result
   */
  public static Normalized invalid(String reason) {
    return new Normalized(null, Objects.requireNonNull(reason, "reason"));
  }

  /**
   * Tells whether normalization succeeded.
   *
   * @return true when a value is present
   */
  public boolean isValid() {
    return value != null;
  }

  /**
   * Returns the normalized value.
   *
   * @return the value
   * @throws IllegalStateException if the result is invalid
   */
  public String value() {
    if (value == null) {
      throw new IllegalStateException("invalid value has no normalized form (" + reason + ")");
    }
    return value;
  }

  /**
   * Returns why the value is invalid.
   *
   * @return the reason code
   * @throws IllegalStateException if the result is valid
   */
  public String reason() {
    if (reason == null) {
      throw new IllegalStateException("valid value has no invalid reason");
    }
    return reason;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Normalized that
        && Objects.equals(value, that.value)
        && Objects.equals(reason, that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, reason);
  }

  @Override
  public String toString() {
    return isValid() ? "Normalized[valid]" : "Normalized[invalid: " + reason + "]";
  }
}
