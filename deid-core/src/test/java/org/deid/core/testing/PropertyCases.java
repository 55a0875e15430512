package org.deid.core.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs a property over explicit edge cases and then over a fixed number of generated cases. Case
 * {@code i} draws from {@code RandomInputs.seeded(caseSeed(baseSeed, i))}, so every run checks the
 * same values and a failure names the case seed to replay it. Setting the system property {@code
 * deid.props.seed} replaces every base seed, to explore other values on purpose.
 */
public final class PropertyCases {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private PropertyCases() {}

  /** A check of one value; may throw to fail. */
  @FunctionalInterface
  public interface Check<T> {
    /**
     * @param value the value to check
     * @throws Exception when the property does not hold (usually an {@link AssertionError})
     */
    void check(T value) throws Exception;
  }

  /**
   * @param baseSeed the seed of the property
   * @param index the case number, from 0
   * @return the seed of that case; deterministic
   */
  public static long caseSeed(long baseSeed, int index) {
    long base = Long.getLong("deid.props.seed", baseSeed);
    return base + GOLDEN_GAMMA * (index + 1L);
  }

  /**
   * Checks every edge case, then {@code count} generated values.
   *
   * @param baseSeed the seed of the property; each property should use its own
   * @param count the number of generated cases
   * @param edgeCases values always checked first
   * @param generator makes one value from a case's source
   * @param check the property
   * @param <T> the value type
   * @throws AssertionError naming the edge case or the case index and seed, with the cause
   */
  public static <T> void check(
      long baseSeed,
      int count,
      List<T> edgeCases,
      Function<RandomInputs, T> generator,
      Check<T> check) {
    for (int i = 0; i < edgeCases.size(); i++) {
      T value = edgeCases.get(i);
      run(check, value, String.format(Locale.ROOT, "edge case %d", i));
    }
    for (int i = 0; i < count; i++) {
      long seed = caseSeed(baseSeed, i);
      T value = generator.apply(RandomInputs.seeded(seed));
      run(
          check,
          value,
          String.format(
              Locale.ROOT,
              "case %d of %d, replay with RandomInputs.seeded(0x%016XL)",
              i,
              count,
              seed));
    }
  }

  private static <T> void run(Check<T> check, T value, String where) {
    try {
      check.check(value);
    } catch (Exception | AssertionError failure) {
      String message = "Property failed at " + where + " for input " + describe(value);
      throw new AssertionError(message + ": " + failure, failure);
    }
  }

  /**
   * @param value a synthetic test value
   * @return it as readable ASCII: anything outside printable ASCII as a backslash-u escape
   */
  public static String describe(Object value) {
    String text =
        value instanceof Object[]
            ? Arrays.deepToString((Object[]) value)
            : value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value);
    StringBuilder escaped = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
        escaped.append(c);
      } else {
        escaped.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      }
    }
    return escaped.append('"').toString();
  }
}
