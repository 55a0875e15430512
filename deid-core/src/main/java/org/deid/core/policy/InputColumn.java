package org.deid.core.policy;

import java.util.Optional;
import org.deid.core.normalize.Attribute;
import org.deid.core.transform.FieldTransform;

/**
 * How one input column is used.
 *
 * @param index zero-based position in the input
 * @param name the column name
 * @param attribute the token attribute this column feeds, if its role is an identifying attribute
 * @param transform the transform producing the output value; empty when the column is dropped
 * @param action the action name for reports, for example {@code zip3} or {@code drop}
 */
public record InputColumn(
    int index,
    String name,
    Optional<Attribute> attribute,
    Optional<FieldTransform> transform,
    String action) {}
