package org.deid.core.transform;

/**
 * Lists of ZIP3 prefixes whose area holds 20,000 people or fewer, which Safe Harbor (B) replaces
 * with {@code 000}. Immutable and thread-safe.
 */
public enum RestrictedZip3 {
  /** Census 2010 list (14 prefixes); the default. */
  CENSUS_2010(
      "census2010", new int[] {36, 59, 102, 203, 205, 369, 556, 692, 821, 823, 878, 879, 884, 893}),
  /** Census 2000 list from the HHS guidance of 2012 (17 prefixes). */
  CENSUS_2000(
      "census2000",
      new int[] {36, 59, 63, 102, 203, 556, 692, 790, 821, 823, 830, 831, 878, 879, 884, 890, 893}),
  /** Union of both lists (19 prefixes); the strictest choice. */
  UNION(
      "union",
      new int[] {
        36, 59, 63, 102, 203, 205, 369, 556, 692, 790, 821, 823, 830, 831, 878, 879, 884, 890, 893
      });

  private final String id;
  private final boolean[] restricted = new boolean[1000];

  RestrictedZip3(String id, int[] prefixes) {
    this.id = id;
    for (int prefix : prefixes) {
      restricted[prefix] = true;
    }
  }

  /**
   * Returns the policy identifier.
   *
   * @return {@code census2010}, {@code census2000} or {@code union}
   */
  public String id() {
    return id;
  }

  /**
   * Tells whether a ZIP3 prefix is restricted.
   *
   * @param prefix the prefix as a number, 0 to 999
   * @return true when the prefix must be written as {@code 000}
   */
  public boolean isRestricted(int prefix) {
    return restricted[prefix];
  }

  /**
   * Counts the prefixes on the list.
   *
   * @return the number of restricted prefixes
   */
  public int size() {
    int count = 0;
    for (boolean r : restricted) {
      count += r ? 1 : 0;
    }
    return count;
  }
}
