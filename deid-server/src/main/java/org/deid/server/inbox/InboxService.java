package org.deid.server.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.deid.server.activity.ActivityKind;
import org.deid.server.activity.ActivityLog;
import org.deid.server.audit.AuditEntry;
import org.deid.server.audit.AuditLog;
import org.deid.server.auth.ApiKeys;
import org.deid.server.config.SafeErrors;
import org.deid.server.db.DatabaseException;
import org.deid.server.job.Job;
import org.deid.server.job.JobRequest;
import org.deid.server.job.JobRequestException;
import org.deid.server.job.JobService;
import org.deid.server.job.OutputNames;
import org.deid.server.job.QueueSignal;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.ObjectKeys;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;
import org.deid.server.tenant.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbox rules and the jobs they start. A file that lands under a rule (an HTTP upload, a completed
 * SFTP upload or rename, or a file found by the periodic scan) is recorded in the database with its
 * SHA-256; once it has stayed unchanged for the settle time, one node claims it and submits its job
 * through {@link JobService} (same validation, events and notifications as an API submission) with
 * an idempotency key derived from the rule, the path, the content digest and the content's
 * generation. The jobs table's unique (client, idempotency key) makes that submission happen once
 * whatever the number of nodes, retries or crashes; the same content landing again starts nothing,
 * a new content starts a new job. Thread-safe.
 */
public final class InboxService implements FileLanding, AutoCloseable {
  /** Idempotency keys of inbox jobs start with this; clients may not use it. */
  public static final String IDEMPOTENCY_PREFIX = "inbox:";

  private static final Logger LOG = LoggerFactory.getLogger(InboxService.class);
  private static final int MAX_GLOB = 255;
  private static final int BATCH = 20;

  private final InboxRepository repository;
  private final TenantService tenants;
  private final JobService jobs;
  private final QueueSignal signal;
  private final ObjectStorage storage;
  private final ActivityLog activity;
  private final AuditLog audit;
  private final ApiKeys ids;
  private final Clock clock;
  private final InboxSettings settings;
  private final String nodeId;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "deid-inbox");
            t.setDaemon(true);
            return t;
          });
  private volatile Instant nextScan = Instant.EPOCH;

  /**
   * Creates the service (not started).
   *
   * @param repository the inbox tables
   * @param tenants the clients and their policy versions
   * @param jobs job submission
   * @param signal wakes in-process workers
   * @param storage the object storage
   * @param activity client activity notifications
   * @param audit the audit log
   * @param ids creates rule ids
   * @param clock the time source
   * @param settings timing
   * @param nodeId this process's id (claims)
   */
  public InboxService(
      InboxRepository repository,
      TenantService tenants,
      JobService jobs,
      QueueSignal signal,
      ObjectStorage storage,
      ActivityLog activity,
      AuditLog audit,
      ApiKeys ids,
      Clock clock,
      InboxSettings settings,
      String nodeId) {
    this.repository = repository;
    this.tenants = tenants;
    this.jobs = jobs;
    this.signal = signal;
    this.storage = storage;
    this.activity = activity;
    this.audit = audit;
    this.ids = ids;
    this.clock = clock;
    this.settings = settings;
    this.nodeId = nodeId;
  }

  // ---- rules

  /**
   * Sets a rule: creates it, or changes the output and policy version of the rule with this glob.
   *
   * @param clientId the client
   * @param glob the path glob, for example {@code inbox/*.csv}
   * @param outputPrefix where outputs go
   * @param policyVersion a policy version, or null for the current one at each submission
   * @return the stored rule
   * @throws IngestException 400 if the glob, prefix or version is not acceptable, 404 if the client
   *     does not exist
   */
  public InboxRule setRule(
      String clientId, String glob, String outputPrefix, Integer policyVersion) {
    tenants.client(clientId);
    checkGlob(glob);
    if (outputPrefix == null || outputPrefix.isEmpty()) {
      throw new IngestException(400, "'outputPrefix' is required");
    }
    String folder;
    try {
      folder = OutputNames.folder(ObjectKeys.checkPrefix(outputPrefix));
    } catch (InvalidKeyException e) {
      throw new IngestException(400, "'outputPrefix': " + e.getMessage());
    }
    String base = InboxRule.baseFolder(glob);
    if (overlaps(folder, base)) {
      throw new IngestException(
          400,
          "'outputPrefix' must not be inside the rule's folder '"
              + base
              + "' (nor contain it): outputs would land in the inbox again");
    }
    for (InboxRule other : repository.rules(clientId)) {
      if (other.pathGlob().equals(glob)) {
        continue;
      }
      if (overlaps(folder, other.baseFolder()) || overlaps(base, other.outputPrefix())) {
        throw new IngestException(
            400,
            "the rule's folders overlap rule "
                + other.id()
                + ": job outputs must never land in an inbox folder");
      }
    }
    if (policyVersion != null
        && tenants.policyVersions(clientId).stream().noneMatch(v -> v.version() == policyVersion)) {
      throw new IngestException(404, "'policyVersion': no such policy version");
    }
    Instant now = clock.instant();
    InboxRule rule =
        repository.upsertRule(
            new InboxRule(
                ids.newId("rule_"),
                clientId,
                glob,
                folder,
                Optional.ofNullable(policyVersion),
                now,
                now));
    LOG.info("inbox rule={} client={} set", rule.id(), clientId);
    return rule;
  }

  private static boolean overlaps(String folder, String other) {
    return folder.startsWith(other) || other.startsWith(folder);
  }

  private static void checkGlob(String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IngestException(400, "'path' is required (a glob such as inbox/*.csv)");
    }
    if (glob.length() > MAX_GLOB) {
      throw new IngestException(400, "'path' is longer than " + MAX_GLOB + " characters");
    }
    if (glob.indexOf('\\') >= 0) {
      throw new IngestException(400, "'path' must not contain '\\'");
    }
    try {
      ObjectKeys.checkKey(glob);
    } catch (InvalidKeyException e) {
      throw new IngestException(400, "'path': " + e.getMessage());
    }
    if (InboxRule.baseFolder(glob).isEmpty()) {
      throw new IngestException(
          400, "'path' must start with a fixed folder, for example inbox/*.csv");
    }
    try {
      InboxRule.matches(glob, "x");
    } catch (IllegalArgumentException e) {
      throw new IngestException(400, "'path' is not a valid glob");
    }
  }

  /**
   * Lists a client's rules in the order they are tried.
   *
   * @param clientId the client
   * @return the rules
   * @throws IngestException 404 if the client does not exist
   */
  public List<InboxRule> rules(String clientId) {
    tenants.client(clientId);
    return repository.rules(clientId);
  }

  /**
   * Removes a client's rule.
   *
   * @param clientId the client
   * @param ruleId the rule
   * @throws IngestException 404 if there is no such rule for this client
   */
  public void removeRule(String clientId, String ruleId) {
    tenants.client(clientId);
    if (!repository.deleteRule(clientId, ruleId)) {
      throw new IngestException(404, "no such inbox rule");
    }
    LOG.info("inbox rule={} client={} removed", ruleId, clientId);
  }

  /**
   * Lists the jobs a client's rules started, newest first.
   *
   * @param clientId the client
   * @param limit the most entries
   * @return the starts
   */
  public List<InboxStart> starts(String clientId, int limit) {
    return repository.starts(clientId, limit);
  }

  /**
   * Returns the origin of a job an inbox rule started.
   *
   * @param clientId the client
   * @param jobId the job
   * @return the start, empty if no rule of this client started it
   */
  public Optional<InboxStart> origin(String clientId, String jobId) {
    return repository.start(clientId, jobId);
  }

  /**
   * Returns the origins of those of a client's jobs that an inbox rule started (one query; jobs
   * whose idempotency key is not an inbox key are not looked up).
   *
   * @param clientId the client
   * @param jobs the jobs
   * @return the starts by job id
   */
  public Map<String, InboxStart> origins(String clientId, List<Job> jobs) {
    List<String> ids =
        jobs.stream()
            .filter(
                j ->
                    j.spec()
                        .idempotencyKey()
                        .filter(k -> k.startsWith(IDEMPOTENCY_PREFIX))
                        .isPresent())
            .map(Job::id)
            .toList();
    return ids.isEmpty() ? Map.of() : repository.startsOf(clientId, ids);
  }

  // ---- landing

  @Override
  public void landed(String clientId, StoredObject file, String source) {
    List<InboxRule> rules = repository.rules(clientId);
    if (rules.stream().noneMatch(r -> r.matches(file.key()))) {
      return;
    }
    Instant now = clock.instant();
    InboxRepository.Arrival arrival =
        repository.recordArrival(
            clientId,
            file.key(),
            file.sha256(),
            file.size(),
            source,
            now.plus(settings.settle()),
            now);
    LOG.info("inbox client={} source={} landing={}", clientId, source, arrival);
  }

  // ---- deciding

  /** Starts deciding due files and scanning rule folders in the background. */
  public void start() {
    nextScan = clock.instant();
    long millis = Math.max(settings.poll().toMillis(), 10);
    thread.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      decideDue();
      if (!clock.instant().isBefore(nextScan)) {
        nextScan = clock.instant().plus(settings.scan());
        scan();
      }
    } catch (RuntimeException e) {
      if (thread.isShutdown()) {
        return; // close() interrupted the pass: nothing failed
      }
      LOG.warn("inbox pass failed: {}", SafeErrors.describe(e));
    }
  }

  /**
   * Decides every due file now: each claimed file starts its job, is refused or is dropped.
   *
   * @return how many files this node claimed
   */
  public int decideDue() {
    int claimed = 0;
    Instant now = clock.instant();
    for (InboxRepository.FileRow row : repository.due(now, BATCH)) {
      Optional<InboxRepository.FileRow> mine =
          repository.claim(row, nodeId, now, now.plus(settings.claimLease()));
      if (mine.isEmpty()) {
        continue;
      }
      claimed++;
      try {
        decide(mine.get());
      } catch (IOException | RuntimeException e) {
        // the claim expires and this or another node tries again
        LOG.warn("inbox client={} decision postponed: {}", row.clientId(), SafeErrors.describe(e));
      }
    }
    return claimed;
  }

  private void decide(InboxRepository.FileRow row) throws IOException {
    Instant now = clock.instant();
    Optional<StoredObject> current = new ClientFiles(storage, row.clientId()).stat(row.path());
    if (current.isEmpty()) {
      repository.finish(
          row, nodeId, InboxRepository.FileState.GONE, "deleted before its job started", now);
      return;
    }
    if (!current.get().sha256().equals(row.sha256())) {
      // replaced while settling without a recorded landing (a direct write): settle the new one
      landed(row.clientId(), current.get(), "scan");
      return;
    }
    Optional<InboxRule> rule = chooseRule(row);
    if (rule.isEmpty()) {
      return;
    }
    JobRequest request =
        new JobRequest(
            List.of(row.path()),
            rule.get().outputPrefix(),
            rule.get().policyVersion().orElse(null),
            null,
            idempotencyKey(rule.get().id(), row));
    Job job;
    try {
      job = jobs.submit(row.clientId(), request);
    } catch (JobRequestException e) {
      if (repository.finish(
          row, nodeId, InboxRepository.FileState.REFUSED, e.getMessage(), clock.instant())) {
        Map<String, String> details = details(row, rule.get());
        details.put("reason", e.getMessage());
        activity.record(row.clientId(), ActivityKind.INBOX_JOB_REFUSED, details, clock.instant());
        audit(row, rule.get(), e.status(), now);
        LOG.info(
            "inbox client={} rule={} job refused ({})",
            row.clientId(),
            rule.get().id(),
            e.status());
      }
      return;
    }
    signal.signal();
    recordStart(row, rule.get(), job, now);
  }

  private Optional<InboxRule> chooseRule(InboxRepository.FileRow row) {
    Instant now = clock.instant();
    if (row.ruleId().isPresent()) {
      Optional<InboxRule> chosen = repository.rule(row.clientId(), row.ruleId().get());
      if (chosen.isEmpty()) {
        repository.finish(
            row, nodeId, InboxRepository.FileState.IGNORED, "the inbox rule was removed", now);
      }
      return chosen;
    }
    Optional<InboxRule> rule =
        repository.rules(row.clientId()).stream().filter(r -> r.matches(row.path())).findFirst();
    if (rule.isEmpty()) {
      repository.finish(
          row, nodeId, InboxRepository.FileState.IGNORED, "no inbox rule matches any more", now);
      return rule;
    }
    return repository.chooseRule(row, nodeId, rule.get().id()) ? rule : Optional.empty();
  }

  private void recordStart(InboxRepository.FileRow row, InboxRule rule, Job job, Instant started) {
    Instant now = clock.instant();
    Map<String, String> details = details(row, rule);
    details.put("jobId", job.id());
    try {
      repository
          .database()
          .inTransaction(
              c -> {
                repository.recordStart(c, row, rule.id(), job.id(), now);
                activity.recordIn(c, row.clientId(), ActivityKind.INBOX_JOB_STARTED, details, now);
                return null;
              });
    } catch (DatabaseException e) {
      if (!repository.database().isUniqueViolation(e)) {
        throw e;
      }
      // another node recorded this start before its claim expired: only finish the row
      repository.markStarted(row, nodeId, job.id(), now);
      return;
    }
    audit(row, rule, 201, started);
    LOG.info("inbox client={} rule={} started job={}", row.clientId(), rule.id(), job.id());
  }

  private void audit(InboxRepository.FileRow row, InboxRule rule, int status, Instant started) {
    Instant now = clock.instant();
    audit.record(
        new AuditEntry(
            now,
            "inbox:" + row.clientId() + ":" + rule.id(),
            "INBOX",
            "inbox/start-job",
            status,
            Duration.between(started, now).toMillis(),
            "internal"));
  }

  private static Map<String, String> details(InboxRepository.FileRow row, InboxRule rule) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("ruleId", rule.id());
    details.put("path", row.path());
    details.put("sha256", row.sha256());
    details.put("size", Long.toString(row.size()));
    details.put("source", row.source());
    return details;
  }

  /**
   * Returns the idempotency key of the job for one content generation of one path.
   *
   * @param ruleId the rule
   * @param row the file
   * @return {@code inbox:RULE:HEX}
   */
  static String idempotencyKey(String ruleId, InboxRepository.FileRow row) {
    String text = row.path() + "\n" + row.sha256() + "\n" + row.generation();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return IDEMPOTENCY_PREFIX + ruleId + ":" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Lists the rule folders and records every matching file whose content the inbox has not seen
   * (written after its rule was set). Catches landings lost between storing and recording.
   *
   * @return how many files were recorded
   */
  public int scan() {
    Map<String, List<InboxRule>> byClient = new TreeMap<>();
    for (InboxRule rule : repository.allRules()) {
      byClient.computeIfAbsent(rule.clientId(), k -> new ArrayList<>()).add(rule);
    }
    int recorded = 0;
    for (Map.Entry<String, List<InboxRule>> entry : byClient.entrySet()) {
      String clientId = entry.getKey();
      List<InboxRule> rules = entry.getValue();
      ClientFiles files = new ClientFiles(storage, clientId);
      for (String base : outermost(rules)) {
        List<StoredObject> found;
        try {
          found = files.list(base);
        } catch (IOException | RuntimeException e) {
          LOG.warn("inbox scan client={} failed: {}", clientId, SafeErrors.describe(e));
          continue;
        }
        for (StoredObject file : found) {
          boolean wanted =
              rules.stream()
                  .anyMatch(
                      r -> r.matches(file.key()) && !file.lastModified().isBefore(r.createdAt()));
          if (!wanted) {
            continue;
          }
          Optional<InboxRepository.FileRow> row = repository.file(clientId, file.key());
          if (row.isEmpty() || !row.get().sha256().equals(file.sha256())) {
            landed(clientId, file, "scan");
            recorded++;
          }
        }
      }
    }
    return recorded;
  }

  private static List<String> outermost(List<InboxRule> rules) {
    List<String> bases = new ArrayList<>();
    rules.stream()
        .map(InboxRule::baseFolder)
        .sorted()
        .forEach(
            base -> {
              if (bases.stream().noneMatch(base::startsWith)) {
                bases.add(base);
              }
            });
    return bases;
  }

  /** Stops the background thread; undecided files stay recorded for the next start. */
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
