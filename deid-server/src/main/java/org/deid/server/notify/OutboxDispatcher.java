package org.deid.server.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries from an {@link Outbox} through the sender of their channel, retrying
 * failures with back-off up to a maximum of attempts. Runs on one background thread; safe to run in
 * several processes against one database (rows are claimed in the database), and claims only the
 * channels it has a sender for, so a process without SMTP leaves e-mails to one that has it.
 *
 * @param <M> the message a delivery sends
 */
public final class OutboxDispatcher<M> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final int BATCH = 50;

  private final String name;
  private final Outbox<M> outbox;
  private final Map<String, Sender<M>> senders;
  private final Function<M, String> about;
  private final NotifySettings settings;
  private final Clock clock;
  private final ScheduledExecutorService thread;

  /**
   * Sends one message to one target over one channel.
   *
   * @param <M> the message
   */
  @FunctionalInterface
  public interface Sender<M> {
    /**
     * Sends a message.
     *
     * @param message what to say
     * @param target where (an address or URL)
     * @throws NotificationException if it was not delivered (message safe to store)
     */
    void send(M message, String target) throws NotificationException;
  }

  /**
   * Creates the dispatcher (not started).
   *
   * @param name how log lines name a delivery, for example {@code delivery} in {@code delivery=12}
   * @param outbox the deliveries
   * @param senders one sender per channel this process can send
   * @param about what log lines say about a message (ids only), for example {@code job=...}
   * @param settings poll interval, attempts and back-off
   * @param clock the time source
   */
  public OutboxDispatcher(
      String name,
      Outbox<M> outbox,
      Map<String, Sender<M>> senders,
      Function<M, String> about,
      NotifySettings settings,
      Clock clock) {
    this.name = name;
    this.outbox = outbox;
    this.senders = Map.copyOf(senders);
    this.about = about;
    this.settings = settings;
    this.clock = clock;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "deid-outbox-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts polling. */
  public void start() {
    long millis = Math.max(settings.poll().toMillis(), 10);
    thread.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Sends every delivery due now (also used by tests to drive the dispatcher step by step).
   *
   * @return how many deliveries were attempted
   */
  public int runOnce() {
    try {
      List<Outbox.Delivery<M>> due =
          outbox.claimDue(clock.instant(), LEASE, BATCH, senders.keySet());
      for (Outbox.Delivery<M> delivery : due) {
        attempt(delivery);
      }
      return due.size();
    } catch (RuntimeException e) {
      if (thread.isShutdown()) {
        return 0; // close() interrupted the pass: nothing failed
      }
      LOG.warn("{} dispatch failed ({})", name, e.getClass().getSimpleName());
      return 0;
    }
  }

  private void attempt(Outbox.Delivery<M> delivery) {
    int attempts = delivery.attempts() + 1;
    Sender<M> sender = senders.get(delivery.channel());
    String error;
    if (sender == null) {
      error = "no " + delivery.channel() + " notifier is configured";
    } else {
      try {
        sender.send(delivery.message(), delivery.target());
        outbox.markSent(delivery.id(), attempts);
        LOG.info(
            "{}={} channel={} {} sent",
            name,
            delivery.id(),
            delivery.channel(),
            about.apply(delivery.message()));
        return;
      } catch (NotificationException e) {
        error = e.getMessage();
      }
    }
    if (attempts >= settings.maxAttempts() || sender == null) {
      outbox.markFailed(delivery.id(), attempts, error);
      LOG.warn("{}={} channel={} gave up: {}", name, delivery.id(), delivery.channel(), error);
    } else {
      Instant next = clock.instant().plus(settings.retry().delayAfter(attempts));
      outbox.reschedule(delivery.id(), attempts, next, error);
      LOG.info(
          "{}={} channel={} will be retried: {}", name, delivery.id(), delivery.channel(), error);
    }
  }

  /** Stops polling; undelivered rows stay in the outbox for the next start. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
