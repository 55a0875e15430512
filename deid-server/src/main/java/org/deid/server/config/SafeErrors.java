package org.deid.server.config;

import java.util.StringJoiner;

/**
 * Describes an unexpected exception for the log without its messages, which could carry a data
 * value from a library: exception classes of the cause chain and the top stack frames only.
 */
public final class SafeErrors {
  private static final int FRAMES = 6;

  private SafeErrors() {}

  /**
   * Describes an exception.
   *
   * @param error the exception
   * @return class names of the cause chain and the first frames of the root cause
   */
  public static String describe(Throwable error) {
    StringJoiner chain = new StringJoiner(" <- ");
    Throwable root = error;
    for (Throwable t = error; t != null && chain.length() < 1000; t = t.getCause()) {
      chain.add(t.getClass().getName());
      root = t;
    }
    StringJoiner frames = new StringJoiner(", ", " at [", "]");
    StackTraceElement[] trace = root.getStackTrace();
    for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
      frames.add(trace[i].toString());
    }
    return chain + frames.toString();
  }
}
