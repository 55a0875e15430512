package org.deid.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a real server, to simulate network faults: {@link
 * #dropConnections()} cuts every open connection (a dropped download), {@link #close()} takes the
 * server off the network (connections refused). Not a mock: the bytes reach the real server.
 */
public final class TcpForwarder implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger accepted =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Starts relaying a free loopback port to a target.
   *
   * @param target the real server's endpoint (host and port are used)
   * @throws IOException if no port can be opened
   */
  public TcpForwarder(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-forwarder");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Returns the relay's endpoint.
   *
   * @return {@code http://127.0.0.1:PORT}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        accepted.incrementAndGet();
        Socket server = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-forwarder-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Returns how many connections were accepted so far.
   *
   * @return the count
   */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /** Cuts every connection open now; new connections are still relayed. */
  public void dropConnections() {
    for (Socket socket : open) {
      closeQuietly(socket);
      open.remove(socket);
    }
  }

  /** Stops listening and cuts every connection: the server is unreachable from now on. */
  public void goOffline() {
    closeQuietly(listener);
    dropConnections();
  }

  /** Same as {@link #goOffline()}. */
  @Override
  public void close() {
    goOffline();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
