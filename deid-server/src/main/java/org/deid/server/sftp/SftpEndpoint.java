package org.deid.server.sftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.deid.server.activity.ActivityKind;
import org.deid.server.activity.ActivityLog;
import org.deid.server.audit.AuditEntry;
import org.deid.server.audit.AuditLog;
import org.deid.server.config.ConfigException;
import org.deid.server.config.SafeErrors;
import org.deid.server.inbox.FileLanding;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;
import org.deid.server.tenant.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP endpoint (Apache MINA SSHD): SSH with public-key or password login as a client (the user
 * name is the client's name), and only the SFTP subsystem: no shell, no commands, no forwarding.
 * Each session sees its client's own space in the object storage through a {@link
 * ClientFileSystem}, so files are the same as over HTTP on every storage backend. Logins (success
 * and failure), uploads, downloads, renames and deletions go to the audit log; logins and uploads
 * are also client activity notifications; completed uploads and renames are inbox landings.
 */
public final class SftpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SftpEndpoint.class);
  private static final AttributeRepository.AttributeKey<Login> LOGIN =
      new AttributeRepository.AttributeKey<>();
  private static final AttributeRepository.AttributeKey<Attempt> ATTEMPT =
      new AttributeRepository.AttributeKey<>();
  private static final AttributeRepository.AttributeKey<Instant> STARTED =
      new AttributeRepository.AttributeKey<>();
  private static final AttributeRepository.AttributeKey<Boolean> THROTTLED =
      new AttributeRepository.AttributeKey<>();

  private final SshServer sshd;
  private final SftpSettings settings;
  private final SftpAccounts accounts;
  private final ObjectStorage storage;
  private final AuditLog audit;
  private final ActivityLog activity;
  private final FileLanding landing;
  private final Clock clock;
  private final String hostKeyFingerprint;
  private final FailedLoginLimit failuresPerAddress;
  private final FailedLoginLimit failuresPerClient;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "deid-sftp-housekeeping");
            t.setDaemon(true);
            return t;
          });

  /** A session's successful login. */
  private record Login(Client client, String method, Optional<String> keyFingerprint) {}

  /** The user name a session tried, and the client it names if any. */
  private record Attempt(String userName, Optional<Client> client) {}

  private SftpEndpoint(
      SftpSettings settings,
      SftpAccounts accounts,
      ObjectStorage storage,
      AuditLog audit,
      ActivityLog activity,
      FileLanding landing,
      Clock clock,
      KeyPair hostKey) {
    this.settings = settings;
    this.accounts = accounts;
    this.storage = storage;
    this.audit = audit;
    this.activity = activity;
    this.landing = landing;
    this.clock = clock;
    this.hostKeyFingerprint = HostKey.fingerprint(hostKey);
    PasswordGuessing guessing = settings.passwordGuessing();
    this.failuresPerAddress = new FailedLoginLimit(guessing.perAddress(), guessing.window(), clock);
    this.failuresPerClient = new FailedLoginLimit(guessing.perClient(), guessing.window(), clock);
    this.sshd = SshServer.setUpDefaultServer();
    configure(hostKey);
  }

  /**
   * Starts the endpoint.
   *
   * @param settings port, address and limits
   * @param hostKeyFile where the host key is kept (generated on first start, mode 0600)
   * @param accounts the SFTP credentials
   * @param storage the object storage
   * @param audit the audit log
   * @param activity client activity notifications
   * @param landing told about completed uploads (the inbox)
   * @param clock the time source
   * @return the running endpoint
   * @throws ConfigException if the host key or the port cannot be used
   */
  public static SftpEndpoint start(
      SftpSettings settings,
      Path hostKeyFile,
      SftpAccounts accounts,
      ObjectStorage storage,
      AuditLog audit,
      ActivityLog activity,
      FileLanding landing,
      Clock clock) {
    KeyPair hostKey = HostKey.loadOrCreate(hostKeyFile);
    SftpEndpoint endpoint =
        new SftpEndpoint(settings, accounts, storage, audit, activity, landing, clock, hostKey);
    try {
      endpoint.sshd.start();
    } catch (IOException e) {
      endpoint.close();
      throw new ConfigException(
          "the SFTP port "
              + settings.port()
              + " on "
              + settings.bindAddress()
              + " cannot be used ("
              + e.getClass().getSimpleName()
              + ")");
    }
    endpoint.housekeeping.scheduleWithFixedDelay(
        endpoint::removeStalePartials, 0, 1, TimeUnit.HOURS);
    LOG.info(
        "sftp listening on {}:{} host key {}",
        settings.bindAddress(),
        endpoint.port(),
        endpoint.hostKeyFingerprint);
    return endpoint;
  }

  private void configure(KeyPair hostKey) {
    sshd.setHost(settings.bindAddress());
    sshd.setPort(settings.port());
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setUserAuthFactories(
        List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setPasswordAuthenticator(this::checkPassword);
    sshd.setPublickeyAuthenticator(this::checkKey);
    sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
    CoreModuleProperties.IDLE_TIMEOUT.set(sshd, settings.idleTimeout());
    CoreModuleProperties.AUTH_TIMEOUT.set(sshd, Duration.ofMinutes(1));
    CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, 10);
    CoreModuleProperties.SERVER_IDENTIFICATION.set(sshd, "deid");
    sshd.setFileSystemFactory(new SessionFileSystems());
    SftpSubsystemFactory sftp =
        new SftpSubsystemFactory.Builder().withFileSystemAccessor(new ObjectAccessor()).build();
    sftp.addSftpEventListener(new ClientCloses());
    sshd.setSubsystemFactories(List.of(sftp));
    sshd.addSessionListener(new LoginAudit());
  }

  /**
   * Returns the port the endpoint listens on.
   *
   * @return the port
   */
  public int port() {
    return sshd.getPort();
  }

  /**
   * Returns the host key's OpenSSH fingerprint (for clients' known_hosts).
   *
   * @return {@code SHA256:...}
   */
  public String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  // ---- login

  private boolean checkPassword(String userName, String password, ServerSession session) {
    noteAttempt(session, userName);
    String address = remote(session);
    String clientKey = "user:" + userName;
    if (!failuresPerAddress.allows(address) || !failuresPerClient.allows(clientKey)) {
      // refused unchecked: no bcrypt work for a guess, and no answer that tells whether it was
      // right
      session.setAttribute(THROTTLED, Boolean.TRUE);
      return false;
    }
    Optional<Client> client = accounts.checkPassword(userName, password);
    if (client.isPresent()) {
      failuresPerClient.reset(clientKey);
      session.setAttribute(LOGIN, new Login(client.get(), "password", Optional.empty()));
      return true;
    }
    if (failuresPerAddress.recordFailure(address)) {
      LOG.warn(
          "sftp password logins from remote={} refused for up to {} after repeated failures",
          address,
          settings.passwordGuessing().window());
    }
    if (failuresPerClient.recordFailure(clientKey)) {
      Optional<Client> named = accounts.client(userName);
      LOG.warn(
          "sftp password logins as client={} refused for up to {} after repeated failures",
          named.map(Client::id).orElse("(unknown user)"),
          settings.passwordGuessing().window());
    }
    return false;
  }

  private boolean checkKey(String userName, PublicKey key, ServerSession session) {
    Optional<SftpAccounts.KeyLogin> login = accounts.checkKey(userName, key);
    noteAttempt(session, userName);
    login.ifPresent(
        l ->
            session.setAttribute(
                LOGIN, new Login(l.client(), "publickey", Optional.of(l.key().fingerprint()))));
    return login.isPresent();
  }

  private void noteAttempt(ServerSession session, String userName) {
    Attempt earlier = session.getAttribute(ATTEMPT);
    if (earlier == null || !earlier.userName().equals(userName)) {
      session.setAttribute(ATTEMPT, new Attempt(userName, accounts.client(userName)));
    }
  }

  private static String remote(Session session) {
    SocketAddress address = session.getRemoteAddress();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }

  /** Audits and notifies logins: a success once authenticated, a failure when a session ends. */
  private final class LoginAudit implements SessionListener {
    @Override
    public void sessionCreated(Session session) {
      session.setAttribute(STARTED, clock.instant());
    }

    @Override
    public void sessionEvent(Session session, Event event) {
      if (event != Event.Authenticated) {
        return;
      }
      Login login = session.getAttribute(LOGIN);
      if (login == null) {
        return;
      }
      safely(
          () -> {
            String remote = remote(session);
            record(
                "sftp:" + login.client().id(),
                "SSH",
                "sftp/login/" + login.method(),
                200,
                session,
                remote);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("user", login.client().name());
            details.put("method", login.method());
            login.keyFingerprint().ifPresent(f -> details.put("keyFingerprint", f));
            details.put("remoteAddress", remote);
            activity.record(login.client().id(), ActivityKind.SFTP_LOGIN, details, clock.instant());
            LOG.info("sftp client={} login method={}", login.client().id(), login.method());
          });
    }

    @Override
    public void sessionClosed(Session session) {
      Attempt attempt = session.getAttribute(ATTEMPT);
      if (attempt == null || session.isAuthenticated()) {
        return;
      }
      safely(
          () -> {
            String remote = remote(session);
            Optional<Client> client = attempt.client();
            // an unknown user name is never recorded: it may be a password typed in the wrong field
            boolean throttled = Boolean.TRUE.equals(session.getAttribute(THROTTLED));
            record(
                client.map(c -> "sftp:" + c.id()).orElse("anonymous"),
                "SSH",
                "sftp/login",
                throttled ? 429 : 401,
                session,
                remote);
            if (client.isPresent()) {
              Map<String, String> details = new LinkedHashMap<>();
              details.put("user", client.get().name());
              details.put("remoteAddress", remote);
              if (throttled) {
                details.put("refusedAfterRepeatedFailures", "true");
              }
              activity.record(
                  client.get().id(), ActivityKind.SFTP_LOGIN_FAILED, details, clock.instant());
            }
            LOG.info(
                "sftp login failed client={} remote={}",
                client.map(Client::id).orElse("(unknown user)"),
                remote);
          });
    }

    private void record(
        String actor, String method, String route, int status, Session session, String remote) {
      Instant started = session.getAttribute(STARTED);
      Instant now = clock.instant();
      audit.record(
          new AuditEntry(
              now,
              actor,
              method,
              route,
              status,
              started == null ? 0 : Duration.between(started, now).toMillis(),
              remote));
    }
  }

  private static void safely(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("sftp audit or notification failed: {}", SafeErrors.describe(e));
    }
  }

  // ---- files

  /** One {@link ClientFileSystem} per authenticated session. */
  private final class SessionFileSystems implements FileSystemFactory {
    @Override
    public Path getUserHomeDir(SessionContext session) {
      return null;
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
      Login login = session.getAttribute(LOGIN);
      if (login == null || !session.isAuthenticated()) {
        throw new IOException("the session is not logged in");
      }
      SessionInfo info =
          new SessionInfo(login.client().id(), login.client().name(), remote((Session) session));
      return new ClientFileSystem(
          ClientFileSystemProvider.INSTANCE,
          new ClientSpace(storage, login.client().id()),
          info,
          settings.maxUploadBytes(),
          new Transfers());
    }
  }

  /** Opens files through the session's file system (never {@code FileChannel.open}). */
  private static final class ObjectAccessor implements SftpFileSystemAccessor {
    @Override
    public SeekableByteChannel openFile(
        SftpSubsystemProxy subsystem,
        FileHandle fileHandle,
        Path file,
        String handle,
        Set<? extends OpenOption> options,
        FileAttribute<?>... attrs)
        throws IOException {
      return file.getFileSystem().provider().newByteChannel(file, options);
    }

    @Override
    public FileLock tryLock(
        SftpSubsystemProxy subsystem,
        FileHandle fileHandle,
        Path file,
        String handle,
        Channel channel,
        long position,
        long size,
        boolean shared) {
      throw new UnsupportedOperationException("locks are not supported");
    }

    @Override
    public void syncFileData(
        SftpSubsystemProxy subsystem,
        FileHandle fileHandle,
        Path file,
        String handle,
        Channel channel) {
      // an upload is durable once the client closes it and it is published
    }

    @Override
    public void closeFile(
        SftpSubsystemProxy subsystem,
        FileHandle fileHandle,
        Path file,
        String handle,
        Channel channel,
        Set<? extends OpenOption> options)
        throws IOException {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    }
  }

  /**
   * Tells uploads that the client itself closed them ({@code SSH_FXP_CLOSE}): handles still open
   * when a session ends are closed without this, so their uploads count as interrupted.
   */
  private static final class ClientCloses implements SftpEventListener {
    @Override
    public void closing(ServerSession session, String remoteHandle, Handle localHandle) {
      if (localHandle instanceof FileHandle file
          && file.getFileChannel() instanceof UploadChannel upload) {
        upload.closedByClient();
      }
    }
  }

  /** Audit, notifications and inbox landings of what sessions do to files. */
  private final class Transfers implements TransferListener {
    @Override
    public void uploaded(SessionInfo session, StoredObject file, long millis) {
      safely(
          () -> {
            record(session, "sftp/upload", 201, millis);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("path", file.key());
            details.put("size", Long.toString(file.size()));
            details.put("sha256", file.sha256());
            activity.record(session.clientId(), ActivityKind.SFTP_UPLOAD, details, clock.instant());
          });
      // a landing that cannot be recorded now is found by the inbox scan
      safely(() -> landing.landed(session.clientId(), file, "sftp"));
    }

    @Override
    public void interrupted(SessionInfo session, String key, long bytes, long millis) {
      safely(() -> record(session, "sftp/upload", 206, millis));
      LOG.info(
          "sftp client={} upload interrupted; {} bytes kept to resume", session.clientId(), bytes);
    }

    @Override
    public void uploadFailed(SessionInfo session, int status, long millis) {
      safely(() -> record(session, "sftp/upload", status, millis));
    }

    @Override
    public void downloaded(SessionInfo session, long bytes, long millis) {
      safely(() -> record(session, "sftp/download", 200, millis));
    }

    @Override
    public void deleted(SessionInfo session) {
      safely(() -> record(session, "sftp/delete", 204, 0));
    }

    @Override
    public void renamed(SessionInfo session, Optional<StoredObject> file) {
      safely(() -> record(session, "sftp/rename", 200, 0));
      file.ifPresent(f -> safely(() -> landing.landed(session.clientId(), f, "sftp")));
    }

    private void record(SessionInfo session, String route, int status, long millis) {
      audit.record(
          new AuditEntry(
              clock.instant(),
              session.actor(),
              "SFTP",
              route,
              status,
              millis,
              session.remoteAddress()));
    }
  }

  // ---- housekeeping

  /** Removes interrupted uploads older than the partial TTL. */
  void removeStalePartials() {
    try {
      Instant cutoff = clock.instant().minus(settings.partialTtl());
      int removed = 0;
      for (StoredObject partial : storage.list("sftp-partial/")) {
        if (partial.lastModified().isBefore(cutoff) && storage.delete(partial.key())) {
          removed++;
        }
      }
      if (removed > 0) {
        LOG.info(
            "sftp removed {} interrupted upload(s) older than {}", removed, settings.partialTtl());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("sftp housekeeping failed: {}", SafeErrors.describe(e));
    }
  }

  /** Stops accepting sessions and closes open ones; their uploads are kept as partial uploads. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    housekeeping.shutdownNow();
    try {
      sshd.stop(true);
    } catch (IOException e) {
      LOG.warn("sftp stop failed ({})", e.getClass().getSimpleName());
    }
  }
}
