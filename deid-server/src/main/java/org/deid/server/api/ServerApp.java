package org.deid.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.deid.server.activity.ActivityLog;
import org.deid.server.audit.AuditEntry;
import org.deid.server.audit.AuditLog;
import org.deid.server.auth.ApiKeyRepository;
import org.deid.server.auth.Principal;
import org.deid.server.auth.RateLimiter;
import org.deid.server.config.SafeErrors;
import org.deid.server.inbox.InboxService;
import org.deid.server.inbox.IngestException;
import org.deid.server.job.JobRequestException;
import org.deid.server.job.JobService;
import org.deid.server.job.JobStore;
import org.deid.server.job.QueueSignal;
import org.deid.server.run.RunLog;
import org.deid.server.run.RunSummaryException;
import org.deid.server.sftp.SftpAccounts;
import org.deid.server.storage.ChecksumMismatchException;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.NoSuchObjectException;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.ObjectTooLargeException;
import org.deid.server.tenant.TenantException;
import org.deid.server.tenant.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, assembled in code: one class of routes per resource, an authenticator before every
 * {@code /v1/} route, one JSON error shape ({@code {"status", "error", "message"}}) and an audit
 * entry after every call. Error messages are written by deid and never echo request content.
 */
public final class ServerApp {
  private static final Logger LOG = LoggerFactory.getLogger(ServerApp.class);
  private static final String STARTED = "deid.started";

  private final Javalin javalin;
  private final List<RouteTable.Route> routes;

  /**
   * The services the API exposes.
   *
   * @param tenants tenant administration
   * @param apiKeys API key lookup
   * @param jobs job submission and queries
   * @param jobStore job counts for metrics
   * @param storage file storage
   * @param audit the audit log
   * @param metrics the Prometheus registry
   * @param signal wakes workers on submission
   * @param clock the time source
   * @param runs run summaries of on-prem CLI runs
   * @param inbox inbox rules; told about every upload
   * @param sftp SFTP credentials
   * @param activity client activity (SFTP logins, uploads, inbox decisions)
   */
  public record Services(
      TenantService tenants,
      ApiKeyRepository apiKeys,
      JobService jobs,
      JobStore jobStore,
      ObjectStorage storage,
      AuditLog audit,
      PrometheusMeterRegistry metrics,
      QueueSignal signal,
      Clock clock,
      RunLog runs,
      InboxService inbox,
      SftpAccounts sftp,
      ActivityLog activity) {}

  /**
   * Limits applied to requests.
   *
   * @param maxUploadBytes largest file upload
   * @param maxRequestBytes largest JSON or document body
   * @param ratePerSecond sustained requests per second per client
   * @param burst most requests at once per client
   */
  public record Limits(
      long maxUploadBytes, long maxRequestBytes, double ratePerSecond, double burst) {
    /**
     * Returns the defaults: 10 GiB uploads, 1 MiB other bodies, 50 requests/s with bursts of 200.
     *
     * @return the defaults
     */
    public static Limits defaults() {
      return new Limits(10L << 30, 1L << 20, 50, 200);
    }
  }

  /**
   * Builds the app (not started).
   *
   * @param services the services
   * @param limits request limits
   * @param jetty extra server configuration (bind address, TLS connector)
   */
  public ServerApp(Services services, Limits limits, Consumer<JavalinConfig> jetty) {
    ObjectMapper mapper =
        new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    RateLimiter limiter = new RateLimiter(limits.ratePerSecond(), limits.burst(), services.clock());
    Authenticator authenticator = new Authenticator(services.apiKeys(), limiter, services.clock());
    RouteTable[] table = new RouteTable[1];
    this.javalin =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.maxRequestSize = limits.maxRequestBytes();
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.jsonMapper(new JavalinJackson(mapper, false));
              jetty.accept(cfg);
              cfg.routes.before(ctx -> ctx.attribute(STARTED, services.clock().instant()));
              cfg.routes.beforeMatched("/v1/*", authenticator);
              cfg.routes.after(ctx -> audit(services, ctx));
              errors(cfg);
              RouteTable routes = new RouteTable(cfg.routes);
              new OpsRoutes(services.metrics(), services.jobStore()).register(routes);
              new AdminRoutes(services.tenants(), services.audit()).register(routes);
              new FileRoutes(services.storage(), limits.maxUploadBytes(), services.inbox())
                  .register(routes);
              new JobRoutes(services.jobs(), services.signal(), services.inbox()).register(routes);
              new OnPremRoutes(
                      services.tenants(), services.runs(), new SecureRandom(), services.clock())
                  .register(routes);
              new IngestRoutes(services.inbox(), services.sftp(), services.activity())
                  .register(routes);
              table[0] = routes;
            });
    this.routes = table[0].registered();
  }

  private static void errors(JavalinConfig cfg) {
    cfg.routes.exception(
        HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    cfg.routes.exception(TenantException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    cfg.routes.exception(
        JobRequestException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    cfg.routes.exception(IngestException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    cfg.routes.exception(RunSummaryException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    cfg.routes.exception(InvalidKeyException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    cfg.routes.exception(NoSuchObjectException.class, (e, ctx) -> error(ctx, 404, "no such file"));
    cfg.routes.exception(
        ObjectTooLargeException.class, (e, ctx) -> error(ctx, 413, e.getMessage()));
    cfg.routes.exception(
        ChecksumMismatchException.class, (e, ctx) -> error(ctx, 422, e.getMessage()));
    cfg.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("internal error on {}: {}", ctx.method(), SafeErrors.describe(e));
          error(ctx, 500, "internal error; see the server log");
        });
    // Javalin's own answer for an unknown path repeats the path, which may hold a file name
    cfg.routes.exception(
        io.javalin.router.EndpointNotFound.class, (e, ctx) -> error(ctx, 404, "not found"));
    cfg.routes.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            error(ctx, 404, "not found");
          }
        });
  }

  private static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", errorCode(status));
    body.put("message", message == null ? "" : message);
    ctx.status(status).json(body);
  }

  private static String errorCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 422 -> "unprocessable";
      case 429 -> "rate_limited";
      default -> status >= 500 ? "server_error" : "error_" + status;
    };
  }

  private static void audit(Services services, Context ctx) {
    Instant started = ctx.attribute(STARTED);
    Instant now = services.clock().instant();
    Principal principal = ctx.attribute(Requests.PRINCIPAL);
    String route = matchedRoute(ctx);
    if (route.equals("/healthz") || route.equals("/metrics")) {
      return;
    }
    services
        .audit()
        .record(
            new AuditEntry(
                now,
                principal == null ? "anonymous" : principal.label(),
                ctx.method().name().toUpperCase(Locale.ROOT),
                route,
                ctx.statusCode(),
                started == null ? 0 : Duration.between(started, now).toMillis(),
                ctx.ip()));
  }

  /**
   * The route template of the request (never the concrete path, which may hold file names). The
   * matched endpoint is known before the authenticator runs, so refused calls (401, 429) name their
   * route too; only a path that matches no route is {@code (no route)}.
   */
  private static String matchedRoute(Context ctx) {
    Endpoint http = ctx.endpoints().matchedHttpEndpoint();
    if (http == null) {
      http = ctx.endpoints().lastHttpEndpoint();
    }
    return http == null ? "(no route)" : http.path.replace('<', '{').replace('>', '}');
  }

  /**
   * Starts serving.
   *
   * @return this app
   */
  public ServerApp start() {
    javalin.start();
    return this;
  }

  /**
   * Returns the port actually bound (useful with port 0).
   *
   * @return the port
   */
  public int port() {
    return javalin.port();
  }

  /** Stops serving; requests in flight finish first. */
  public void stop() {
    javalin.stop();
  }

  /**
   * Lists every registered route.
   *
   * @return method and path of each route
   */
  public List<RouteTable.Route> routes() {
    return routes;
  }
}
