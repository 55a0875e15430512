package org.deid.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.deid.core.record.InputFormat;
import org.deid.core.record.RecordFormatException;
import org.deid.core.record.RecordReader;
import org.deid.core.record.RecordReaders;

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

  /**
   * Starts reading the records of a stream opened from this input. A file-level problem found while
   * opening (empty file, invalid header, not gzip...) becomes a run failure of kind {@link
   * DeidRunException.Kind#INPUT} with the reader's message, which names the input and line and
   * never a value.
   *
   * @param in a stream from {@link #opener()}; closed with the reader
   * @param format how to read it
   * @return the reader, positioned after the header
   * @throws IOException if reading fails
   * @throws DeidRunException if the input is not readable as that format
   */
  public RecordReader reader(InputStream in, InputFormat format)
      throws IOException, DeidRunException {
    try {
      return RecordReaders.open(in, format, name);
    } catch (RecordFormatException e) {
      throw new DeidRunException(DeidRunException.Kind.INPUT, e.getMessage(), e);
    }
  }
}
