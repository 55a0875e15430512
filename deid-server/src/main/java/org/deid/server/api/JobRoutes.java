package org.deid.server.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.inbox.InboxService;
import org.deid.server.inbox.InboxStart;
import org.deid.server.job.Job;
import org.deid.server.job.JobListQuery;
import org.deid.server.job.JobRequest;
import org.deid.server.job.JobService;
import org.deid.server.job.JobState;
import org.deid.server.job.QueueSignal;

/**
 * {@code /v1/jobs}: submit, list, read, cancel, events. A client sees only its own jobs; a job an
 * inbox rule started shows its origin (rule and file).
 */
final class JobRoutes {
  private final JobService jobs;
  private final QueueSignal signal;
  private final InboxService inbox;

  JobRoutes(JobService jobs, QueueSignal signal, InboxService inbox) {
    this.jobs = jobs;
    this.signal = signal;
    this.inbox = inbox;
  }

  void register(RouteTable routes) {
    routes.post("/v1/jobs", this::submit);
    routes.get("/v1/jobs", this::list);
    routes.get("/v1/jobs/{id}", this::get);
    routes.post("/v1/jobs/{id}/cancel", this::cancel);
    routes.get("/v1/jobs/{id}/events", this::events);
  }

  private void submit(Context ctx) {
    String clientId = Requests.clientId(ctx);
    JobRequest request = Requests.jsonBody(ctx, JobRequest.class, "a JSON job request");
    if (request.idempotencyKey() != null
        && request.idempotencyKey().startsWith(InboxService.IDEMPOTENCY_PREFIX)) {
      throw new BadRequestResponse(
          "'idempotencyKey' must not start with '" + InboxService.IDEMPOTENCY_PREFIX + "'");
    }
    Job job = jobs.submit(clientId, request);
    signal.signal();
    ctx.status(201).json(JobView.of(job));
  }

  private void list(Context ctx) {
    int limit = Requests.limit(ctx, 100, JobListQuery.MAX_LIMIT);
    Optional<JobState> state = Optional.ofNullable(ctx.queryParam("state")).map(JobRoutes::state);
    Optional<JobListQuery.Position> after =
        Optional.ofNullable(ctx.queryParam("after")).map(JobListQuery.Position::decode);
    String clientId = Requests.clientId(ctx);
    List<Job> fetched = jobs.list(clientId, new JobListQuery(limit + 1, state, after));
    ctx.json(
        Requests.page(
            "jobs",
            fetched,
            limit,
            page -> {
              Map<String, InboxStart> origins = inbox.origins(clientId, page);
              return page.stream()
                  .map(j -> JobView.of(j, Optional.ofNullable(origins.get(j.id()))))
                  .toList();
            },
            job -> JobListQuery.Position.of(job).encode()));
  }

  private static JobState state(String name) {
    try {
      return JobState.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse(
          "'state' must be one of " + java.util.Arrays.toString(JobState.values()));
    }
  }

  private void get(Context ctx) {
    ctx.json(withOrigin(jobs.get(Requests.clientId(ctx), ctx.pathParam("id"))));
  }

  private void cancel(Context ctx) {
    ctx.json(withOrigin(jobs.cancel(Requests.clientId(ctx), ctx.pathParam("id"))));
  }

  private JobView withOrigin(Job job) {
    return JobView.of(
        job, Optional.ofNullable(inbox.origins(job.clientId(), List.of(job)).get(job.id())));
  }

  private void events(Context ctx) {
    ctx.json(
        Map.of(
            "events",
            jobs.events(Requests.clientId(ctx), ctx.pathParam("id")).stream()
                .map(JobView.EventView::of)
                .toList()));
  }
}
