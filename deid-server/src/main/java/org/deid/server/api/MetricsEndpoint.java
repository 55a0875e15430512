package org.deid.server.api;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.deid.server.config.ConfigException;
import org.deid.server.config.SafeErrors;
import org.deid.server.job.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port of a {@code deid worker} process: {@code GET /healthz} (checks the database) and
 * {@code GET /metrics} (Prometheus text: this process's rows and attempt durations, its running
 * attempts, and the shared queue's jobs by state). Nothing else is served, nothing needs a key:
 * metrics hold counts and durations only, never data, file names or client names. Bind it to an
 * address only the monitoring system reaches.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final Javalin javalin;

  private MetricsEndpoint(Javalin javalin) {
    this.javalin = javalin;
  }

  /**
   * Starts serving.
   *
   * @param bindAddress the address to listen on
   * @param port the port (0 picks a free one)
   * @param metrics the process's registry
   * @param jobs the shared job store (for health and the queue gauges)
   * @return the running endpoint
   * @throws ConfigException if the port cannot be used
   */
  public static MetricsEndpoint start(
      String bindAddress, int port, PrometheusMeterRegistry metrics, JobStore jobs) {
    OpsRoutes ops = new OpsRoutes(metrics, jobs);
    Javalin javalin =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = bindAddress;
              cfg.jetty.port = port;
              ops.registerHealthAndMetrics(new RouteTable(cfg.routes));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("metrics endpoint error: {}", SafeErrors.describe(e));
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .json(Map.of("status", "unavailable"));
                  });
            });
    try {
      javalin.start();
    } catch (RuntimeException e) {
      javalin.stop();
      throw new ConfigException(
          "the metrics port "
              + port
              + " on "
              + bindAddress
              + " cannot be used ("
              + SafeErrors.describe(e)
              + ")");
    }
    return new MetricsEndpoint(javalin);
  }

  /**
   * Returns the port actually bound.
   *
   * @return the port
   */
  public int port() {
    return javalin.port();
  }

  /** Stops serving. */
  @Override
  public void close() {
    javalin.stop();
  }
}
