package org.deid.server.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deid.server.job.JobState;
import org.deid.server.job.JobStore;

/**
 * Unauthenticated operations routes: {@code /healthz}, {@code /metrics} (Prometheus text) and
 * {@code /openapi.json}. Metrics hold counts and durations only, never data or client names.
 */
final class OpsRoutes {
  static final String OPENAPI_RESOURCE = "/org/deid/server/api/openapi.json";

  private final PrometheusMeterRegistry metrics;
  private final JobStore jobs;
  private final Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);

  OpsRoutes(PrometheusMeterRegistry metrics, JobStore jobs) {
    this.metrics = metrics;
    this.jobs = jobs;
    for (JobState state : JobState.values()) {
      AtomicLong count = new AtomicLong();
      byState.put(state, count);
      Gauge.builder("deid_jobs", count, AtomicLong::get)
          .description("jobs by state")
          .tag("state", state.name())
          .register(metrics);
    }
    Gauge.builder("deid_queue_depth", byState.get(JobState.QUEUED), AtomicLong::get)
        .description("jobs waiting for a worker")
        .register(metrics);
  }

  void register(RouteTable routes) {
    registerHealthAndMetrics(routes);
    routes.get("/openapi.json", this::openApi);
  }

  void registerHealthAndMetrics(RouteTable routes) {
    routes.get("/healthz", this::health);
    routes.get("/metrics", this::scrape);
  }

  private void health(Context ctx) {
    jobs.countByState();
    ctx.json(Map.of("status", "ok"));
  }

  private void scrape(Context ctx) {
    jobs.countByState().forEach((state, count) -> byState.get(state).set(count));
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }
}
