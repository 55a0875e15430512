package org.deid.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.EngineConfigException;
import org.deid.server.worker.InputRejectedException;

/**
 * A small, real engine for server tests until deid-core's pipeline is wired: upper-cases every line
 * of a text file after the header and writes a JSON report. A policy must start with {@code
 * policy:}; a key file must be a JSON object with a {@code "keys"} field. A line containing {@code
 * MALFORMED} rejects the input (like a malformed CSV record in the core). Runs can be held at a
 * gate to test shutdown and restarts.
 */
public final class LineEngine implements DeidEngine {
  private final AtomicInteger runs = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final CountDownLatch started = new CountDownLatch(1);

  /** Holds every run after its first line until {@link #open()} is called. */
  public void close() {
    gate = new CountDownLatch(1);
  }

  /** Releases held runs. */
  public void open() {
    gate.countDown();
  }

  /**
   * Waits until at least one run has started.
   *
   * @throws InterruptedException if interrupted
   */
  public void awaitStarted() throws InterruptedException {
    started.await(30, TimeUnit.SECONDS);
  }

  /**
   * Counts runs (one per input per attempt).
   *
   * @return the count
   */
  public int runs() {
    return runs.get();
  }

  /**
   * What the engine writes for an input (for byte-for-byte comparisons).
   *
   * @param input the input text
   * @return the expected output
   */
  public static String expectedOutput(String input) {
    String[] lines = input.split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i == lines.length - 1 && lines[i].isEmpty()) {
        break;
      }
      out.append(i == 0 ? lines[i] : lines[i].toUpperCase(Locale.ROOT)).append('\n');
    }
    return out.toString();
  }

  @Override
  public String checkPolicy(byte[] policy) throws EngineConfigException {
    String text = new String(policy, StandardCharsets.UTF_8);
    // its own "policy: NAME" documents, or a real deid policy (for the CLI's local checks)
    if (!text.startsWith("policy:") && !text.contains("\ndeid_policy:")) {
      throw new EngineConfigException("line 1: expected 'policy:'");
    }
    return text.strip();
  }

  @Override
  public String checkKeys(byte[] keys) throws EngineConfigException {
    String text = new String(keys, StandardCharsets.UTF_8);
    if (!text.strip().startsWith("{") || !text.contains("\"keys\"")) {
      throw new EngineConfigException("$.keys: missing");
    }
    return "[{\"id\":\"k1\",\"fingerprint\":\"test\"}]";
  }

  @Override
  public PreparedRun prepare(byte[] policy, byte[] keys) throws EngineConfigException {
    checkPolicy(policy);
    checkKeys(keys);
    return this::run;
  }

  private RunResult run(
      String inputName, InputOpener opener, OutputStream output, LongConsumer rowsDone)
      throws IOException, InputRejectedException {
    runs.incrementAndGet();
    long rows = 0;
    try (InputStream in = opener.open();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (header == null) {
        throw new InputRejectedException("line 1: the file is empty");
      }
      output.write((header + "\n").getBytes(StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains("MALFORMED")) {
          throw new InputRejectedException("line " + (rows + 2) + ": malformed record");
        }
        output.write((line.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
        rows++;
        rowsDone.accept(rows);
        if (rows == 1) {
          started.countDown();
          awaitGate(output);
        }
      }
    }
    String report =
        "{\"input\":\""
            + inputName
            + "\",\"rowsRead\":"
            + rows
            + ",\"rowsWritten\":"
            + rows
            + ",\"rowsRejected\":0}";
    return new RunResult(rows, rows, 0, report.getBytes(StandardCharsets.UTF_8));
  }

  /** Waits at the gate; an empty write lets the worker's stop flag interrupt the wait. */
  private void awaitGate(OutputStream output) throws IOException {
    try {
      while (!gate.await(20, TimeUnit.MILLISECONDS)) {
        output.write(new byte[0], 0, 0);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
