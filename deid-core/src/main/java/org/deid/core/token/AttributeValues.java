package org.deid.core.token;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.deid.core.normalize.Attribute;

/**
 * One row's normalized attribute values, indexed by {@link Attribute}, from which {@link
 * TokenRule}s build signatures. Mutable and NOT thread-safe: a worker keeps one instance and reuses
 * it row after row ({@link #clearAll()} between rows). {@link #toString()} names the present
 * attributes, never their values.
 */
public final class AttributeValues {
  private final String[] values = new String[Attribute.values().length];

  /** Creates a holder with every attribute absent. */
  public AttributeValues() {}

  /**
   * Sets an attribute's normalized value. An empty value makes the attribute absent, because an
   * empty part would weaken every token built on it.
   *
   * @param attribute the attribute
   * @param normalizedValue the valid normalized value (see the normalizers); never null
   */
  public void set(Attribute attribute, String normalizedValue) {
    Objects.requireNonNull(normalizedValue, "normalizedValue");
    values[attribute.ordinal()] = normalizedValue.isEmpty() ? null : normalizedValue;
  }

  /**
   * Makes one attribute absent.
   *
   * @param attribute the attribute
   */
  public void clear(Attribute attribute) {
    values[attribute.ordinal()] = null;
  }

  /** Makes every attribute absent. */
  public void clearAll() {
    Arrays.fill(values, null);
  }

  /**
   * Returns an attribute's value.
   *
   * @param attribute the attribute
   * @return the value, or empty when absent
   */
  public Optional<String> get(Attribute attribute) {
    return Optional.ofNullable(values[attribute.ordinal()]);
  }

  /**
   * Tells whether an attribute has a value.
   *
   * @param attribute the attribute
   * @return true when present
   */
  public boolean has(Attribute attribute) {
    return values[attribute.ordinal()] != null;
  }

  /** Hot-path access without an {@code Optional}: null when absent. */
  String valueOrNull(Attribute attribute) {
    return values[attribute.ordinal()];
  }

  /** Names the present attributes only. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("AttributeValues[present=");
    String separator = "";
    for (Attribute attribute : Attribute.values()) {
      if (has(attribute)) {
        out.append(separator).append(attribute.id());
        separator = ",";
      }
    }
    return out.append(']').toString();
  }
}
