package org.deid.core.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects policy problems so that all of them are reported together. Not thread-safe. */
final class Problems {
  private final String source;
  private final List<String> messages = new ArrayList<>();

  Problems(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  void add(String path, String message) {
    messages.add(source + ": " + path + ": " + message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  void throwIfAny() throws PolicyException {
    if (!messages.isEmpty()) {
      throw new PolicyException(messages);
    }
  }
}
