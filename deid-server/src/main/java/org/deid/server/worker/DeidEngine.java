package org.deid.server.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * The de-identification engine as the server sees it: checks policies and key files when an
 * administrator stores them, and runs one input to one output. The production implementation is
 * {@link CoreJobRunner}, the only class of the server that calls deid-core.
 */
public interface DeidEngine {
  /**
   * Parses a policy document.
   *
   * @param policy the policy text (UTF-8 YAML)
   * @return a short non-secret description (for example the policy's declared version)
   * @throws EngineConfigException if the policy is invalid (message safe to show)
   */
  String checkPolicy(byte[] policy) throws EngineConfigException;

  /**
   * Parses a key file.
   *
   * @param keys the key file (JSON)
   * @return key ids and fingerprints, no secret
   * @throws EngineConfigException if the file is invalid (message safe to show)
   */
  String checkKeys(byte[] keys) throws EngineConfigException;

  /**
   * Prepares a run under one policy and key set.
   *
   * @param policy the policy text
   * @param keys the key file; the caller wipes it after this call
   * @return a prepared run, reusable for several inputs of the same job
   * @throws EngineConfigException if either is invalid
   */
  PreparedRun prepare(byte[] policy, byte[] keys) throws EngineConfigException;

  /** A policy and keys ready to process inputs. */
  interface PreparedRun {
    /**
     * De-identifies one input into one output.
     *
     * @param inputName the input's name (for example {@code patients.csv}); decides the format
     * @param input opens the input; may be called more than once
     * @param output receives the output bytes; not closed by this method
     * @param rowsDone told the number of rows done so far, now and then
     * @return counts and the report
     * @throws IOException if reading or writing fails (transient: worth a retry)
     * @throws InputRejectedException if the input cannot be processed (permanent)
     */
    RunResult run(String inputName, InputOpener input, OutputStream output, LongConsumer rowsDone)
        throws IOException, InputRejectedException;
  }

  /** Opens an input stream; each call returns a fresh stream from the start. */
  @FunctionalInterface
  interface InputOpener {
    /**
     * Opens the input.
     *
     * @return a new stream
     * @throws IOException if it cannot be opened
     */
    InputStream open() throws IOException;
  }

  /**
   * What one run produced.
   *
   * @param rowsRead rows read
   * @param rowsWritten rows written
   * @param rowsRejected rows rejected
   * @param reportJson the run report (no PII)
   */
  record RunResult(long rowsRead, long rowsWritten, long rowsRejected, byte[] reportJson) {}
}
