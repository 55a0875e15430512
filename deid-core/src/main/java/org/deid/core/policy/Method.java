package org.deid.core.policy;

/** The HIPAA de-identification method a policy follows (45 CFR 164.514(b)); shown in reports. */
public enum Method {
  /**
   * Safe Harbor, 164.514(b)(2): columns with a role must be treated at least as strictly as the
   * preset.
   */
  SAFE_HARBOR("safe-harbor"),
  /** Expert Determination, 164.514(b)(1): any action is allowed; an expert documents the risk. */
  EXPERT_DETERMINATION("expert-determination");

  private final String id;

  Method(String id) {
    this.id = id;
  }

  /**
   * Returns the policy identifier.
   *
   * @return {@code safe-harbor} or {@code expert-determination}
   */
  public String id() {
    return id;
  }
}
