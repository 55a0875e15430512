package org.deid.core.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generalizes a number into a labelled range. Two forms:
 *
 * <ul>
 *   <li>explicit bounds {@code b1 < b2 < ... < bn}: labels {@code <b1}, {@code [b1,b2)}, ...,
 *       {@code >=bn} (lower bound inclusive, upper bound exclusive);
 *   <li>a fixed width {@code w}: label {@code [k*w,(k+1)*w)} for the {@code k} with {@code k*w <= x
 *       < (k+1)*w}.
 * </ul>
 *
 * <p>Bounds are written as given in the policy (plain decimal text, trailing zeros removed).
 * Deterministic, unkeyed, irreversible within a bucket. Blank input gives empty output without a
 * count; a value that is not a plain decimal number ({@code [+-]digits[.digits]}) gives empty
 * output counted as {@code format}.
 */
public final class BucketTransform implements FieldTransform {
  private final String column;
  private final double[] bounds;
  private final String[] labels;
  private final BigDecimal width;

  private BucketTransform(String column, double[] bounds, String[] labels, BigDecimal width) {
    this.column = column;
    this.bounds = bounds;
    this.labels = labels;
    this.width = width;
  }

  /**
   * Buckets by explicit bounds.
   *
   * @param column the column name, for invalid-value counts
   * @param bounds strictly increasing bounds, at least one
   * @return the transform
   * @throws IllegalArgumentException when the bounds are empty or not strictly increasing
   */
  public static BucketTransform withBounds(String column, List<BigDecimal> bounds) {
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException("bounds must not be empty");
    }
    List<String> text = new ArrayList<>();
    double[] values = new double[bounds.size()];
    for (int i = 0; i < bounds.size(); i++) {
      if (i > 0 && bounds.get(i).compareTo(bounds.get(i - 1)) <= 0) {
        throw new IllegalArgumentException("bounds must be strictly increasing");
      }
      values[i] = bounds.get(i).doubleValue();
      text.add(plain(bounds.get(i)));
    }
    String[] labels = new String[bounds.size() + 1];
    labels[0] = "<" + text.get(0);
    for (int i = 1; i < text.size(); i++) {
      labels[i] = "[" + text.get(i - 1) + "," + text.get(i) + ")";
    }
    labels[text.size()] = ">=" + text.get(text.size() - 1);
    return new BucketTransform(column, values, labels, BigDecimal.ONE);
  }

  /**
   * Buckets by a fixed width starting at zero.
   *
   * @param column the column name, for invalid-value counts
   * @param width the bucket width, positive
   * @return the transform
   * @throws IllegalArgumentException when the width is not positive
   */
  public static BucketTransform withWidth(String column, BigDecimal width) {
    if (width.signum() <= 0) {
      throw new IllegalArgumentException("width must be positive");
    }
    return new BucketTransform(column, new double[0], new String[0], width);
  }

  /**
   * Returns the bucket label.
   *
   * @param raw the raw number
   * @param row the row, for invalid-value counts
   * @return the label, or empty
   */
  @Override
  public String apply(String raw, RowContext row) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return "";
    }
    if (!PlainNumber.isPlain(value)) {
      row.countInvalid(column, "format");
      return "";
    }
    return bounds.length > 0 ? byBounds(Double.parseDouble(value)) : byWidth(value);
  }

  private String byBounds(double x) {
    int found = Arrays.binarySearch(bounds, x);
    // An exact hit belongs to the bucket that starts at that bound.
    int bucket = found >= 0 ? found + 1 : -found - 1;
    return labels[bucket];
  }

  private String byWidth(String value) {
    // Decimal arithmetic so that 0.1-wide buckets are labelled 0.3, not 0.30000000000000004.
    BigDecimal x = new BigDecimal(value);
    BigDecimal k = x.divide(width, 0, RoundingMode.FLOOR);
    BigDecimal low = k.multiply(width);
    return "[" + plain(low) + "," + plain(low.add(width)) + ")";
  }

  private static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.signum() == 0 ? "0" : stripped.toPlainString();
  }

  /**
   * Describes the transform without any row data.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return bounds.length > 0
        ? "bucket" + Arrays.toString(labels)
        : "bucket[width=" + plain(width) + "]";
  }
}
