package org.deid.core.policy;

/** What the reader does with a row it cannot parse (wrong field count, broken quoting). */
public enum MalformedRowStrategy {
  /** Leave the row out of the output and count it in the report with its line number and reason. */
  REJECT("reject"),
  /** Stop the run with an error naming the line. */
  FAIL("fail");

  private final String id;

  MalformedRowStrategy(String id) {
    this.id = id;
  }

  /**
   * Returns the policy identifier.
   *
   * @return {@code reject} or {@code fail}
   */
  public String id() {
    return id;
  }
}
