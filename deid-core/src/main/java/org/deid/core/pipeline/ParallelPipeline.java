package org.deid.core.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.deid.core.record.ReadResult;
import org.deid.core.record.RecordFormatException;
import org.deid.core.record.RecordReader;

/**
 * Reads records on the calling thread, hands chunks of rows to worker threads and writes their
 * encoded output in input order (or shuffled with a seed). The output bytes never depend on the
 * thread count or chunk size. Memory is bounded by a few chunks per thread, whatever the input
 * size.
 *
 * @param <W> the worker type; one instance per thread, returned at the end to merge its counters
 */
public final class ParallelPipeline<W extends RowWorker> {
  private static final int MAX_KEPT_CHUNK_CHARS = 4 << 20;

  private final Supplier<W> workerFactory;
  private final PipelineOptions options;
  private final List<W> workers = Collections.synchronizedList(new ArrayList<>());
  private final ThreadLocal<W> threadWorker;

  /** Each worker thread's chunk text, reused so it does not regrow for every chunk. */
  private final ThreadLocal<StringBuilder> chunkText;

  /**
   * Creates a pipeline.
   *
   * @param workerFactory makes one worker per thread
   * @param options threads, chunk size, strategies
   */
  public ParallelPipeline(Supplier<W> workerFactory, PipelineOptions options) {
    this.workerFactory = workerFactory;
    this.options = options;
    this.threadWorker =
        ThreadLocal.withInitial(
            () -> {
              W worker = this.workerFactory.get();
              workers.add(worker);
              return worker;
            });
    this.chunkText = ThreadLocal.withInitial(() -> new StringBuilder(options.chunkSize() * 160));
  }

  /**
   * Runs the pipeline to the end of the input.
   *
   * @param reader the input records
   * @param sourceName the input's name for messages
   * @param sink where encoded output goes
   * @return counts and rejected rows
   * @throws IOException if reading or writing fails
   * @throws DeidRunException if a malformed record meets the fail strategy, the reject limit is
   *     exceeded, or a worker fails
   */
  public PipelineResult run(RecordReader reader, String sourceName, OutputSink sink)
      throws IOException, DeidRunException {
    ExecutorService executor = Executors.newFixedThreadPool(options.threads(), new WorkerThreads());
    int maxInFlight = options.threads() * 3 + 1;
    Deque<Future<EncodedChunk>> inFlight = new ArrayDeque<>();
    RejectedRows rejected = new RejectedRows();
    long rowsRead = 0;
    long rowsWritten = 0;
    try {
      List<ReadResult.Row> batch = new ArrayList<>(options.chunkSize());
      Optional<ReadResult> next;
      while ((next = next(reader)).isPresent()) {
        rowsRead++;
        ReadResult result = next.get();
        if (result instanceof ReadResult.Malformed malformed) {
          reject(malformed, sourceName, rejected);
          continue;
        }
        batch.add((ReadResult.Row) result);
        if (batch.size() == options.chunkSize()) {
          inFlight.add(executor.submit(chunkTask(batch, sourceName)));
          batch = new ArrayList<>(options.chunkSize());
          if (inFlight.size() >= maxInFlight) {
            rowsWritten += writeHead(inFlight, sink);
            options.progress().progress(rowsWritten + rejected.total(), reader.bytesRead());
          }
        }
      }
      if (!batch.isEmpty()) {
        inFlight.add(executor.submit(chunkTask(batch, sourceName)));
      }
      while (!inFlight.isEmpty()) {
        rowsWritten += writeHead(inFlight, sink);
        options.progress().progress(rowsWritten + rejected.total(), reader.bytesRead());
      }
      sink.finish();
      return new PipelineResult(rowsRead, rowsWritten, rejected, reader.bytesRead());
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Reads the next record. A file-level problem in the middle of the input (a truncated or corrupt
   * gzip stream, a record beyond the parser's buffer) fails the run as an input problem, with the
   * reader's message, which names the input and line but never a value.
   */
  private static Optional<ReadResult> next(RecordReader reader)
      throws IOException, DeidRunException {
    try {
      return reader.next();
    } catch (RecordFormatException e) {
      throw new DeidRunException(DeidRunException.Kind.INPUT, e.getMessage(), e);
    }
  }

  /**
   * Returns the workers created so far, to merge their counters after {@link #run}.
   *
   * @return the workers
   */
  public List<W> workers() {
    synchronized (workers) {
      return List.copyOf(workers);
    }
  }

  private void reject(ReadResult.Malformed malformed, String sourceName, RejectedRows rejected)
      throws DeidRunException {
    if (options.failOnMalformed()) {
      throw new DeidRunException(
          DeidRunException.Kind.INPUT,
          sourceName
              + ": line "
              + malformed.line()
              + ": malformed record ("
              + malformed.reason()
              + (malformed.detail().isEmpty() ? "" : ": " + malformed.detail())
              + ")");
    }
    rejected.add(malformed.line(), malformed.reason());
    if (options.maxRejects() >= 0 && rejected.total() > options.maxRejects()) {
      throw new DeidRunException(
          DeidRunException.Kind.TOO_MANY_REJECTS,
          sourceName
              + ": more than "
              + options.maxRejects()
              + " malformed records (last at line "
              + malformed.line()
              + ")");
    }
  }

  private long writeHead(Deque<Future<EncodedChunk>> inFlight, OutputSink sink)
      throws IOException, DeidRunException {
    EncodedChunk chunk;
    try {
      chunk = inFlight.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeidRunException(DeidRunException.Kind.INTERNAL, "interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WorkerFailure failure) {
        DeidRunException.Kind kind =
            failure.getCause() instanceof RowFailure
                ? DeidRunException.Kind.INPUT
                : DeidRunException.Kind.INTERNAL;
        throw new DeidRunException(kind, failure.getMessage(), cause);
      }
      throw new DeidRunException(
          DeidRunException.Kind.INTERNAL,
          "internal error (" + cause.getClass().getName() + ")",
          cause);
    }
    sink.write(chunk);
    return chunk.rows();
  }

  private java.util.concurrent.Callable<EncodedChunk> chunkTask(
      List<ReadResult.Row> rows, String sourceName) {
    boolean perRow = options.shuffleSeed().isPresent();
    return () -> {
      W worker = threadWorker.get();
      StringBuilder out = chunkText.get();
      out.setLength(0);
      if (out.capacity() > MAX_KEPT_CHUNK_CHARS) {
        // An earlier chunk of huge records grew it: do not keep that memory for the whole run.
        out = new StringBuilder(rows.size() * 160);
        chunkText.set(out);
      }
      List<byte[]> rowBytes = perRow ? new ArrayList<>(rows.size()) : List.of();
      for (ReadResult.Row row : rows) {
        int start = out.length();
        try {
          worker.handle(row, out);
        } catch (RowFailure e) {
          throw new WorkerFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
          // The exception message could quote a value: report only its type and the line.
          throw new WorkerFailure(
              sourceName
                  + ": line "
                  + row.line()
                  + ": internal error ("
                  + e.getClass().getName()
                  + ")",
              e);
        }
        if (perRow) {
          rowBytes.add(out.substring(start).getBytes(StandardCharsets.UTF_8));
          out.setLength(start);
        }
      }
      if (perRow) {
        return EncodedChunk.ofRows(rowBytes);
      }
      return EncodedChunk.of(out.toString().getBytes(StandardCharsets.UTF_8), rows.size());
    };
  }

  /** A worker failure whose message is safe to show. */
  private static final class WorkerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkerFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "deid-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
