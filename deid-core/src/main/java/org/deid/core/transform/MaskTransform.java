package org.deid.core.transform;

/**
 * Keeps the first {@code keepFirst} and the last {@code keepLast} characters (Unicode code points)
 * of the trimmed value and replaces every other character with the mask character, so the length
 * stays visible. Deterministic, unkeyed, not reversible for the masked part. When the value is not
 * longer than {@code keepFirst + keepLast} every character is masked, so a short value is never
 * shown whole. Blank input gives empty output; nothing is counted as invalid.
 */
public final class MaskTransform implements FieldTransform {
  private final int keepFirst;
  private final int keepLast;
  private final int maskChar;

  /**
   * Creates the transform.
   *
   * @param keepFirst leading characters kept, zero or more
   * @param keepLast trailing characters kept, zero or more
   * @param maskChar the code point written for each masked character
   * @throws IllegalArgumentException when a count is negative
   */
  public MaskTransform(int keepFirst, int keepLast, int maskChar) {
    if (keepFirst < 0 || keepLast < 0) {
      throw new IllegalArgumentException("keep counts must not be negative");
    }
    this.keepFirst = keepFirst;
    this.keepLast = keepLast;
    this.maskChar = maskChar;
  }

  /**
   * Masks the value.
   *
   * @param raw the raw value
   * @param row unused
   * @return the masked value, or empty for blank input
   */
  @Override
  public String apply(String raw, RowContext row) {
    String value = raw.strip();
    int length = value.codePointCount(0, value.length());
    boolean showEnds = length > keepFirst + keepLast;
    StringBuilder out = new StringBuilder(value.length());
    int position = 0;
    for (int i = 0; i < value.length(); position++) {
      int codePoint = value.codePointAt(i);
      boolean keep = showEnds && (position < keepFirst || position >= length - keepLast);
      out.appendCodePoint(keep ? codePoint : maskChar);
      i += Character.charCount(codePoint);
    }
    return out.toString();
  }
}
