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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries from the outbox through the notifier of their channel, retrying failures
 * with back-off up to a maximum. Runs on one background thread; safe to run in several processes
 * against one database (rows are claimed in the database), and claims only the channels it has a
 * notifier for.
 */
public final class NotificationDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final DeliveryStore store;
  private final Map<String, Notifier> notifiers;
  private final NotifySettings settings;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "deid-notify");
            t.setDaemon(true);
            return t;
          });

  /**
   * Creates the dispatcher (not started).
   *
   * @param store the deliveries
   * @param notifiers one notifier per channel
   * @param settings poll interval, attempts and back-off
   * @param clock the time source
   */
  public NotificationDispatcher(
      DeliveryStore store, List<Notifier> notifiers, NotifySettings settings, Clock clock) {
    this.store = store;
    this.notifiers =
        notifiers.stream().collect(Collectors.toMap(Notifier::channel, Function.identity()));
    this.settings = settings;
    this.clock = clock;
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
      List<DeliveryStore.Delivery> due =
          store.claimDue(clock.instant(), Duration.ofMinutes(2), 50, notifiers.keySet());
      for (DeliveryStore.Delivery delivery : due) {
        attempt(delivery);
      }
      return due.size();
    } catch (RuntimeException e) {
      LOG.warn("notification dispatch failed ({})", e.getClass().getSimpleName());
      return 0;
    }
  }

  private void attempt(DeliveryStore.Delivery delivery) {
    int attempts = delivery.attempts() + 1;
    Notifier notifier = notifiers.get(delivery.channel());
    String error;
    if (notifier == null) {
      error = "no " + delivery.channel() + " notifier is configured";
    } else {
      try {
        notifier.send(delivery.notification(), delivery.target());
        store.markSent(delivery.id(), attempts);
        LOG.info(
            "delivery={} channel={} job={} sent",
            delivery.id(),
            delivery.channel(),
            delivery.notification().jobId());
        return;
      } catch (NotificationException e) {
        error = e.getMessage();
      }
    }
    if (attempts >= settings.maxAttempts() || notifier == null) {
      store.markFailed(delivery.id(), attempts, error);
      LOG.warn("delivery={} channel={} gave up: {}", delivery.id(), delivery.channel(), error);
    } else {
      Instant next = clock.instant().plus(settings.retry().delayAfter(attempts));
      store.reschedule(delivery.id(), attempts, next, error);
      LOG.info(
          "delivery={} channel={} will be retried: {}", delivery.id(), delivery.channel(), error);
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
