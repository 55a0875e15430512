package org.deid.core.policy;

import java.util.List;

/**
 * A policy that cannot be loaded or planned. Carries every problem found, each naming the policy
 * source and the key path (for example {@code safe-harbor.yaml: columns.zip.action: unknown action
 * 'zip5' (...)}); never a data value or key material.
 */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems one message per problem, at least one
   */
  public PolicyException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns every problem, in the order found.
   *
   * @return the problem messages
   */
  public List<String> problems() {
    return problems;
  }
}
