package org.deid.core.token;

/**
 * Turns signatures into tokens under one {@link TokenScheme}. NOT thread-safe: it reuses its MAC
 * and cipher objects, so each worker thread needs its own (from {@link TokenScheme#newTokenizer()}).
 * Results never depend on which tokenizer or thread computed them.
 */
public interface Tokenizer {
  /**
   * Computes the output token for a complete signature.
   *
   * @param rule the rule the signature was built with
   * @param signature the rule's signature (PII; not kept)
   * @return the token text
   */
  String token(TokenRule rule, String signature);

  /**
   * Computes the 32-byte keyed digest behind the token, usable as a person key.
   *
   * @param rule the rule the signature was built with
   * @param signature the rule's signature (PII; not kept)
   * @return 32 bytes, a new array owned by the caller
   */
  byte[] digest(TokenRule rule, String signature);
}
