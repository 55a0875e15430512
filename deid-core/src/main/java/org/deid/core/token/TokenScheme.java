package org.deid.core.token;

/**
 * A way of turning signatures into tokens (deid-v1 site tokens, OpenToken hash or encrypted
 * tokens). Thread-safe factory: create one per run and one {@link Tokenizer} per worker thread.
 */
public interface TokenScheme {
  /**
   * Names the scheme in metadata and reports.
   *
   * @return {@code deid-v1}, {@code opentoken-hash} or {@code opentoken-encrypted}
   */
  String profile();

  /**
   * Creates a tokenizer for one worker thread.
   *
   * @return a new, non-thread-safe tokenizer
   */
  Tokenizer newTokenizer();

  /**
   * Returns what the output holds for a rule whose attributes are not all present.
   *
   * @return {@code ""} for deid-v1; 64 {@code '0'} characters for the OpenToken schemes
   */
  String blankToken();
}
