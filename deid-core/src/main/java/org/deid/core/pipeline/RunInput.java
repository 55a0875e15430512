package org.deid.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A named input to de-identify.
 *
 * @param name the name shown in messages and the report (a file name, never a full path of PII)
 * @param opener opens the raw bytes (compressed or not) each time it is called
 */
public record RunInput(String name, InputStreamSupplier opener) {
  /** Opens an input stream. */
  @FunctionalInterface
  public interface InputStreamSupplier {
    /**
     * Opens the input.
     *
     * @return a new stream positioned at the start
     * @throws IOException if it cannot be opened
     */
    InputStream open() throws IOException;
  }

  /** Validates the fields. */
  public RunInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(opener, "opener");
  }

  /**
   * Creates an input.
   *
   * @param name the input's name
   * @param opener opens its bytes
   * @return the input
   */
  public static RunInput of(String name, InputStreamSupplier opener) {
    return new RunInput(name, opener);
  }
}
