package org.deid.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP listener on port 0 that records webhook calls; can fail the first N calls. */
public final class WebhookListener implements AutoCloseable {
  /**
   * One received call.
   *
   * @param headers the request headers (first value each)
   * @param body the exact body
   */
  public record Call(Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

  /**
   * Starts the listener.
   *
   * @throws IOException if it cannot bind
   */
  public WebhookListener() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          attemptNanos.add(System.nanoTime());
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
          if (status == 204) {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            calls.add(new Call(headers, body));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /**
   * Makes the next calls fail with 503.
   *
   * @param count how many
   */
  public void failNext(int count) {
    failuresLeft.set(count);
  }

  /**
   * Returns the URL to configure.
   *
   * @return the webhook URL
   */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /**
   * Returns the successful calls so far.
   *
   * @return the calls
   */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * Returns the time between consecutive calls, failed ones included.
   *
   * @return the gaps in milliseconds, oldest first
   */
  public List<Long> gapsMillis() {
    List<Long> times = List.copyOf(attemptNanos);
    List<Long> gaps = new java.util.ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add((times.get(i) - times.get(i - 1)) / 1_000_000);
    }
    return gaps;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
