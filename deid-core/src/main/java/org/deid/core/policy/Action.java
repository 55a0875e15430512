package org.deid.core.policy;

/** The kinds of treatment a column can get; parameters live in {@link ActionSpec}. */
public enum Action {
  /** Copy unchanged. */
  KEEP("keep"),
  /** Leave the column out of the output. */
  DROP("drop"),
  /** Replace every value with a constant. */
  REDACT("redact"),
  /** Keep the first/last characters, mask the rest. */
  MASK("mask"),
  /** Keyed irreversible hash. */
  HASH("hash"),
  /** Keyed reversible deterministic encryption. */
  PSEUDONYM("pseudonym"),
  /** Year of a date. */
  DATE_TO_YEAR("date_to_year"),
  /** Per-person date shift. */
  DATE_SHIFT("date_shift"),
  /** Age in whole years from a birth date, 90+ capped. */
  AGE("age"),
  /** Birth year, 90+ capped. */
  BIRTH_YEAR("birth_year"),
  /** Age value, 90+ capped. */
  AGE_CAP("age_cap"),
  /** ZIP to restricted-aware ZIP3. */
  ZIP3("zip3"),
  /** Numeric ranges. */
  BUCKET("bucket");

  private final String id;

  Action(String id) {
    this.id = id;
  }

  /**
   * Returns the policy identifier.
   *
   * @return the lower-case id, for example {@code date_to_year}
   */
  public String id() {
    return id;
  }
}
