package org.deid.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay that cuts its connection once a given number of bytes went from the client
 * to the server: a real network failure in the middle of an upload, at a chosen point.
 */
public final class CuttingRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final long cutAfter;
  private final AtomicLong forwarded = new AtomicLong();
  private final CountDownLatch cut = new CountDownLatch(1);
  private volatile Socket client;
  private volatile Socket server;

  /**
   * Starts relaying one connection.
   *
   * @param targetPort the server's loopback port
   * @param cutAfter how many client bytes to forward before cutting
   * @throws IOException if no port can be opened
   */
  public CuttingRelay(int targetPort, long cutAfter) throws IOException {
    this.targetPort = targetPort;
    this.cutAfter = cutAfter;
    this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::relay, "cutting-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Returns the relay's port.
   *
   * @return the port to connect to
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Waits until the connection was cut.
   *
   * @return true if it was cut in time
   * @throws InterruptedException if interrupted
   */
  public boolean awaitCut() throws InterruptedException {
    return cut.await(120, TimeUnit.SECONDS);
  }

  /**
   * Returns how many client bytes were forwarded.
   *
   * @return the count
   */
  public long forwarded() {
    return forwarded.get();
  }

  private void relay() {
    try {
      client = listener.accept();
      server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      Thread back = new Thread(() -> pump(server, client, false), "cutting-relay-back");
      back.setDaemon(true);
      back.start();
      pump(client, server, true);
    } catch (IOException e) {
      cutNow();
    }
  }

  private void pump(Socket from, Socket to, boolean counted) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (counted) {
          long room = cutAfter - forwarded.get();
          if (room <= 0) {
            break;
          }
          n = (int) Math.min(n, room);
          forwarded.addAndGet(n);
        }
        out.write(buffer, 0, n);
        out.flush();
        if (counted && forwarded.get() >= cutAfter) {
          break;
        }
      }
    } catch (IOException e) {
      // the other side closed
    } finally {
      cutNow();
    }
  }

  private void cutNow() {
    for (Socket s : new Socket[] {client, server}) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }
    cut.countDown();
  }

  @Override
  public void close() throws IOException {
    cutNow();
    listener.close();
  }
}
