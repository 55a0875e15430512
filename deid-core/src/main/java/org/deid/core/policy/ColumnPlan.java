package org.deid.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy applied to one input header: per input column its transform and token attribute.
 * Immutable and thread-safe (its transforms are thread-safe).
 */
public final class ColumnPlan {
  private final List<InputColumn> inputs;
  private final List<String> outputColumns;
  private final Map<String, String> actionsByColumn;

  ColumnPlan(List<InputColumn> inputs) {
    this.inputs = List.copyOf(inputs);
    this.outputColumns =
        inputs.stream().filter(c -> c.transform().isPresent()).map(InputColumn::name).toList();
    Map<String, String> actions = new LinkedHashMap<>();
    inputs.forEach(c -> actions.put(c.name(), c.action()));
    this.actionsByColumn = Collections.unmodifiableMap(actions);
  }

  /**
   * Returns every input column in input order, dropped ones included.
   *
   * @return the input columns
   */
  public List<InputColumn> inputs() {
    return inputs;
  }

  /**
   * Returns the names of the non-token output columns, in input order.
   *
   * @return the output column names
   */
  public List<String> outputColumns() {
    return outputColumns;
  }

  /**
   * Returns the action of every input column, for the run report.
   *
   * @return column name to action name (including {@code drop}), in input order
   */
  public Map<String, String> actionsByColumn() {
    return actionsByColumn;
  }
}
