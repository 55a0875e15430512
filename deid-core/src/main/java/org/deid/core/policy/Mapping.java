package org.deid.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A YAML mapping at a key path, read key by key with every problem sent to {@link Problems}. Values
 * of the wrong type are reported by path and type, never echoed. Not thread-safe.
 */
final class Mapping {
  private final JsonNode node;
  private final String path;
  private final Problems problems;

  private Mapping(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** Wraps a mapping and reports its keys that are not in {@code allowedKeys}. */
  static Mapping of(JsonNode node, String path, Problems problems, List<String> allowedKeys) {
    Mapping mapping = new Mapping(node, path, problems);
    mapping.rejectKeysOutside(allowedKeys);
    return mapping;
  }

  /** Wraps a mapping without checking its keys (the caller checks them). */
  static Mapping unchecked(JsonNode node, String path, Problems problems) {
    return new Mapping(node, path, problems);
  }

  String path() {
    return path;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Problems problems() {
    return problems;
  }

  List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  void rejectKeysOutside(List<String> allowedKeys) {
    for (String key : keys()) {
      if (!allowedKeys.contains(key)) {
        problems.add(
            path(key), "unknown key (expected one of: " + String.join(", ", allowedKeys) + ")");
      }
    }
  }

  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  Optional<JsonNode> raw(String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  Optional<String> text(String key) {
    Optional<JsonNode> value = raw(key);
    if (value.isPresent() && !value.get().isTextual()) {
      problems.add(path(key), "expected text, found " + typeName(value.get()));
      return Optional.empty();
    }
    return value.map(JsonNode::textValue);
  }

  Optional<String> nonEmptyText(String key) {
    Optional<String> value = text(key);
    if (value.isPresent() && value.get().isBlank()) {
      problems.add(path(key), "must not be empty");
      return Optional.empty();
    }
    return value;
  }

  Optional<Integer> integer(String key, int min, int max) {
    Optional<JsonNode> value = raw(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    JsonNode number = value.get();
    if (!number.isIntegralNumber() || !number.canConvertToInt()) {
      problems.add(path(key), "expected a whole number, found " + typeName(number));
      return Optional.empty();
    }
    int v = number.intValue();
    if (v < min || v > max) {
      problems.add(path(key), "must be between " + min + " and " + max + ", found " + v);
      return Optional.empty();
    }
    return Optional.of(v);
  }

  Optional<Boolean> bool(String key) {
    Optional<JsonNode> value = raw(key);
    if (value.isPresent() && !value.get().isBoolean()) {
      problems.add(path(key), "expected true or false, found " + typeName(value.get()));
      return Optional.empty();
    }
    return value.map(JsonNode::booleanValue);
  }

  Optional<Character> character(String key) {
    Optional<String> value = text(key);
    if (value.isPresent() && value.get().length() != 1) {
      problems.add(path(key), "expected exactly one character, found " + value.get().length());
      return Optional.empty();
    }
    return value.map(v -> v.charAt(0));
  }

  <E extends Enum<E>> Optional<E> choice(String key, E[] values, Function<E, String> id) {
    return choice(key, values, id, "value");
  }

  <E extends Enum<E>> Optional<E> choice(
      String key, E[] values, Function<E, String> id, String noun) {
    return text(key).flatMap(text -> choose(path(key), text, values, id, problems, noun));
  }

  static <E extends Enum<E>> Optional<E> choose(
      String path,
      String text,
      E[] values,
      Function<E, String> id,
      Problems problems,
      String what) {
    List<String> ids = new ArrayList<>();
    for (E value : values) {
      if (id.apply(value).equals(text)) {
        return Optional.of(value);
      }
      ids.add(id.apply(value));
    }
    problems.add(
        path,
        "unknown " + what + " '" + text + "' (expected one of: " + String.join(", ", ids) + ")");
    return Optional.empty();
  }

  Optional<BigDecimal> decimal(String key) {
    Optional<JsonNode> value = raw(key);
    if (value.isPresent() && !value.get().isNumber()) {
      problems.add(path(key), "expected a number, found " + typeName(value.get()));
      return Optional.empty();
    }
    return value.map(JsonNode::decimalValue);
  }

  Optional<List<JsonNode>> list(String key) {
    Optional<JsonNode> value = raw(key);
    if (value.isPresent() && !value.get().isArray()) {
      problems.add(path(key), "expected a list, found " + typeName(value.get()));
      return Optional.empty();
    }
    return value.map(
        array -> {
          List<JsonNode> items = new ArrayList<>();
          array.elements().forEachRemaining(items::add);
          return items;
        });
  }

  Optional<Mapping> mapping(String key, List<String> allowedKeys) {
    Optional<JsonNode> value = raw(key);
    if (value.isPresent() && !value.get().isObject()) {
      problems.add(path(key), "expected a mapping, found " + typeName(value.get()));
      return Optional.empty();
    }
    return value.map(object -> of(object, path(key), problems, allowedKeys));
  }

  Iterator<Map.Entry<String, JsonNode>> entries() {
    return node.properties().iterator();
  }

  static String typeName(JsonNode node) {
    switch (node.getNodeType()) {
      case STRING:
        return "text";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "true/false";
      case ARRAY:
        return "a list";
      case OBJECT:
        return "a mapping";
      default:
        return "nothing";
    }
  }
}
