package org.deid.core.policy;

import java.util.Optional;

/**
 * What identifies a person for per-person derivations such as date shifting: the linkage digest of
 * one token rule, or a patient id column. Exactly one of the two is present.
 *
 * @param rule a token rule id from the policy's {@code tokens}
 * @param column an input column holding a patient id
 */
public record PersonKeySpec(Optional<String> rule, Optional<String> column) {}
