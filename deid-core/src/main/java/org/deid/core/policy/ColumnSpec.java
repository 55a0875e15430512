package org.deid.core.policy;

import java.util.Optional;

/**
 * One entry of the policy's {@code columns:} section, with the preset already applied.
 *
 * @param name the input column name
 * @param role the column's role, if given
 * @param action the action and its parameters
 */
public record ColumnSpec(String name, Optional<Role> role, ActionSpec action) {}
