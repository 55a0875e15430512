package org.deid.core.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The built-in token rule ids a policy may name, with their expression text. Immutable. */
final class BuiltInRules {
  private static final Map<String, String> DEID_V1 = new LinkedHashMap<>();

  static {
    DEID_V1.put("T1", "last_name|first_name[0:1]|sex|birth_date");
    DEID_V1.put("T2", "last_name|first_name|birth_date|postal_code[0:3]");
    DEID_V1.put("T3", "last_name|first_name|sex|birth_date");
    DEID_V1.put("T4", "ssn|sex|birth_date");
    DEID_V1.put("T5", "last_name|first_name[0:3]|sex");
  }

  private BuiltInRules() {}

  static Optional<String> expression(String id) {
    return Optional.ofNullable(DEID_V1.get(id));
  }

  static Iterable<String> ids() {
    return DEID_V1.keySet();
  }
}
