package org.deid.core.transform;

/**
 * Generalizes a US ZIP code to its first three digits (Safe Harbor (B)), writing {@code 000} for
 * restricted prefixes (see {@link RestrictedZip3}) and for anything that is not a ZIP code, so the
 * output is always exactly three digits.
 *
 * <p>Accepted input (surrounding blanks ignored): {@code 12345}, ZIP+4 {@code 12345-6789} and
 * {@code 123456789}. Deterministic, unkeyed, irreversible. Blank input gives {@code 000} without a
 * count; any other non-ZIP value gives {@code 000} and is counted with reason {@code format}.
 */
public final class Zip3Transform implements FieldTransform {
  private static final String SUPPRESSED = "000";

  private final String column;
  private final RestrictedZip3 restricted;

  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   * @param restricted the restricted prefix list
   */
  public Zip3Transform(String column, RestrictedZip3 restricted) {
    this.column = column;
    this.restricted = restricted;
  }

  /**
   * Returns the releasable ZIP3.
   *
   * @param raw the raw value
   * @param row the row, for invalid-value counts
   * @return three digits
   */
  @Override
  public String apply(String raw, RowContext row) {
    String zip = raw.strip();
    if (zip.isEmpty()) {
      return SUPPRESSED;
    }
    if (!isZip(zip)) {
      row.countInvalid(column, "format");
      return SUPPRESSED;
    }
    int prefix = (zip.charAt(0) - '0') * 100 + (zip.charAt(1) - '0') * 10 + (zip.charAt(2) - '0');
    return restricted.isRestricted(prefix) ? SUPPRESSED : zip.substring(0, 3);
  }

  private static boolean isZip(String zip) {
    int n = zip.length();
    if (n == 5 || n == 9) {
      return digits(zip, 0, n);
    }
    return n == 10 && zip.charAt(5) == '-' && digits(zip, 0, 5) && digits(zip, 6, 10);
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
