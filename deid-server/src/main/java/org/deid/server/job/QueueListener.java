package org.deid.server.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deid.server.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this process's idle workers when any process queues a job, through PostgreSQL's {@code
 * LISTEN}/{@code NOTIFY} (the store notifies {@value #CHANNEL} in the transaction that queues a
 * job). One connection of the pool is held for listening. Polling stays the fallback: if the
 * connection is lost (the database restarts), workers poll until the listener has reconnected,
 * which it retries with back-off, and a reconnect wakes a worker once in case a notification was
 * missed. Only on PostgreSQL; an embedded database has one process, whose in-process {@link
 * QueueSignal} already wakes its workers.
 */
public final class QueueListener implements AutoCloseable {
  /** The notification channel. */
  public static final String CHANNEL = "deid_queue";

  private static final Logger LOG = LoggerFactory.getLogger(QueueListener.class);
  private static final int WAIT_MILLIS = 500;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Database database;
  private final QueueSignal signal;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread thread;

  private QueueListener(Database database, QueueSignal signal) {
    this.database = database;
    this.signal = signal;
    this.thread = new Thread(this::listen, "deid-queue-listener");
    this.thread.setDaemon(true);
  }

  /**
   * Starts listening if the database supports it.
   *
   * @param database the shared database
   * @param signal what to wake
   * @return the running listener, empty on a database without notifications
   */
  public static Optional<QueueListener> start(Database database, QueueSignal signal) {
    if (!database.dialect().hasQueueNotifications()) {
      return Optional.empty();
    }
    QueueListener listener = new QueueListener(database, signal);
    listener.thread.start();
    return Optional.of(listener);
  }

  private void listen() {
    Duration backoff = Duration.ofSeconds(1);
    boolean lost = false;
    while (!closed.get()) {
      try (Connection connection = database.connection()) {
        try {
          execute(connection, "LISTEN " + CHANNEL);
          if (lost) {
            LOG.info("queue notifications restored");
            lost = false;
          }
          backoff = Duration.ofSeconds(1);
          signal.signal();
          receive(connection.unwrap(PGConnection.class));
        } finally {
          unlistenQuietly(connection);
        }
      } catch (SQLException | RuntimeException e) {
        if (closed.get()) {
          return;
        }
        if (!lost) {
          LOG.warn(
              "queue notifications lost ({}); workers poll until they are back",
              e instanceof SQLException sql && sql.getSQLState() != null
                  ? "SQL state " + sql.getSQLState()
                  : e.getClass().getSimpleName());
          lost = true;
        }
        pause(backoff);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
      }
    }
  }

  private void receive(PGConnection connection) throws SQLException {
    while (!closed.get()) {
      PGNotification[] notifications = connection.getNotifications(WAIT_MILLIS);
      if (notifications != null) {
        // one wake-up per queued job, so several jobs wake several idle workers
        for (int i = 0; i < notifications.length; i++) {
          signal.signal();
        }
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The connection goes back to the pool: it must not keep collecting notifications there. */
  private static void unlistenQuietly(Connection connection) {
    try {
      execute(connection, "UNLISTEN *");
    } catch (SQLException e) {
      // a broken connection listens to nothing any more; the pool discards it
    }
  }

  /** Waits before reconnecting; {@link #close()} ends the wait. */
  private void pause(Duration duration) {
    try {
      closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed.set(true);
    }
  }

  /** Stops listening (within half a second) and gives the connection back. */
  @Override
  public void close() {
    closed.set(true);
    closing.countDown();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
