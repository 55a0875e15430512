package org.deid.core.token;

/**
 * A token rule expression could not be parsed. The message names the rule id and the 1-based
 * column, e.g. {@code rule S1: unknown function 'sondex' at column 1}. Rule expressions are
 * configuration, not patient data, so quoting them is safe.
 */
public final class TokenRuleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message rule id, problem and column
   */
  public TokenRuleException(String message) {
    super(message);
  }
}
