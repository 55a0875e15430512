package org.deid.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.activity.ActivityEvent;
import org.deid.server.activity.ActivityLog;
import org.deid.server.activity.ActivityNotifications;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.ApiKeys;
import org.deid.server.config.MasterKey;
import org.deid.server.db.Database;
import org.deid.server.db.InstanceFacts;
import org.deid.server.job.JdbcJobStore;
import org.deid.server.job.JobStore;
import org.deid.server.notify.DeliveryStore;
import org.deid.server.notify.EmailNotifier;
import org.deid.server.notify.Notification;
import org.deid.server.notify.Notifier;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.OutboxDispatcher;
import org.deid.server.notify.WebhookNotifier;
import org.deid.server.tenant.TenantRepository;
import org.deid.server.tenant.TenantService;
import org.deid.server.worker.DeidEngine;

/**
 * What every deid process (API node or worker) builds on one database: the repositories, the tenant
 * service with the master key, the job store and the outbox. The master key is checked against the
 * database first, so a process with another key refuses to start.
 *
 * @param database the migrated database
 * @param apiKeys creates keys and ids
 * @param tenantRepository clients, policies, sealed keys, notification targets
 * @param keyRepository API key digests
 * @param tenants the tenant service
 * @param jobStore the job queue
 * @param deliveries the notification outbox
 * @param activity client activity events and their outbox
 */
record Backend(
    Database database,
    ApiKeys apiKeys,
    TenantRepository tenantRepository,
    ApiKeyRepository keyRepository,
    TenantService tenants,
    JobStore jobStore,
    DeliveryStore deliveries,
    ActivityLog activity) {

  static Backend open(Database database, MasterKey masterKey, DeidEngine engine, Clock clock) {
    new InstanceFacts(database).verifyMasterKey(masterKey, clock.instant());
    SecureRandom random = new SecureRandom();
    ApiKeys apiKeys = new ApiKeys(random);
    TenantRepository tenantRepository = new TenantRepository(database);
    ApiKeyRepository keyRepository = new ApiKeyRepository(database);
    TenantService tenants =
        new TenantService(
            tenantRepository, keyRepository, masterKey, apiKeys, engine, random, clock);
    return new Backend(
        database,
        apiKeys,
        tenantRepository,
        keyRepository,
        tenants,
        new JdbcJobStore(database),
        new DeliveryStore(database),
        new ActivityLog(database));
  }

  /**
   * The notifiers of one process: webhooks always, e-mail when SMTP is configured.
   *
   * @param webhooks signed webhooks
   * @param email SMTP, if configured
   */
  record Notifiers(WebhookNotifier webhooks, Optional<EmailNotifier> email) {
    List<Notifier> all() {
      List<Notifier> all = new ArrayList<>();
      all.add(webhooks);
      email.ifPresent(all::add);
      return all;
    }
  }

  /** The notifiers of this process; both outbox dispatchers share them. */
  Notifiers notifiers(NotifySettings settings, Clock clock) {
    return new Notifiers(
        new WebhookNotifier(tenants::webhookSecret, clock, settings.webhookTimeout()),
        settings.smtp().map(EmailNotifier::new));
  }

  /** The job notification dispatcher of this process (claims only the channels it can send). */
  OutboxDispatcher<Notification> dispatcher(
      Notifiers notifiers, NotifySettings settings, Clock clock) {
    Map<String, OutboxDispatcher.Sender<Notification>> senders = new HashMap<>();
    for (Notifier notifier : notifiers.all()) {
      senders.put(notifier.channel(), notifier::send);
    }
    return new OutboxDispatcher<>(
        "delivery",
        deliveries.outbox(),
        senders,
        notification -> "job=" + notification.jobId(),
        settings,
        clock);
  }

  /** The activity notification dispatcher of this process (same channels and back-off). */
  OutboxDispatcher<ActivityEvent> activityDispatcher(
      Notifiers notifiers, NotifySettings settings, Clock clock) {
    return ActivityNotifications.dispatcher(
        activity, notifiers.webhooks(), notifiers.email(), settings, clock);
  }

  /** A worker id that tells operators where the worker runs: host, process id and a random part. */
  String newWorkerId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    host = host.replaceAll("[^A-Za-z0-9.-]", "_");
    if (host.length() > 40) {
      host = host.substring(0, 40);
    }
    return host + ":" + ProcessHandle.current().pid() + ":" + apiKeys.newId("w").substring(0, 9);
  }
}
