package org.deid.core.normalize;

/** Which family of normalization rules to apply. */
public enum NormalizationProfile {
  /** deid's own rules (the default): strict, documented in {@code docs/normalization.md}. */
  DEID_V1,
  /** Exactly OpenToken 1.12's rules, so tokens match OpenToken's. */
  OPENTOKEN,
  /** OpenToken's rules plus documented leniencies (case, surrounding spaces, short US dates). */
  OPENTOKEN_LENIENT
}
