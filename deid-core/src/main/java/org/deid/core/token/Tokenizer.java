package org.deid.core.token;

/**
 * Turns signatures into tokens under one {@link TokenScheme}. NOT thread-safe: it reuses its MAC
 * and cipher objects, so each worker thread needs its own (from {@link
 * TokenScheme#newTokenizer()}). Results never depend on which tokenizer or thread computed them.
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

  /**
   * Computes the same token as {@link #token(TokenRule, String)} when the caller already holds
   * {@link #digest(TokenRule, String)} of the same rule and signature: schemes whose token is built
   * from the digest (deid-v1) skip computing it again; the others compute the token as usual.
   *
   * @param rule the rule the signature was built with
   * @param signature the rule's signature (PII; not kept)
   * @param digest {@code digest(rule, signature)}; read, not changed or kept
   * @return the token text, equal to {@code token(rule, signature)}
   */
  default String token(TokenRule rule, String signature, byte[] digest) {
    return token(rule, signature);
  }
}
