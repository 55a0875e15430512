package org.deid.server.api;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deid.server.activity.ActivityEvent;
import org.deid.server.activity.ActivityLog;
import org.deid.server.inbox.InboxRule;
import org.deid.server.inbox.InboxService;
import org.deid.server.inbox.InboxStart;
import org.deid.server.sftp.SftpAccounts;
import org.deid.server.sftp.SftpKey;

/**
 * SFTP credentials, inbox rules and client activity: the administrator sets keys, passwords and
 * rules under {@code /v1/admin/clients/{id}/}; a client reads its own rules, the jobs they started
 * and its activity under {@code /v1/inbox} and {@code /v1/activity}. Passwords are taken from the
 * raw request body (never JSON, never the URL) and wiped once hashed.
 */
final class IngestRoutes {
  private final InboxService inbox;
  private final SftpAccounts sftp;
  private final ActivityLog activity;

  IngestRoutes(InboxService inbox, SftpAccounts sftp, ActivityLog activity) {
    this.inbox = inbox;
    this.sftp = sftp;
    this.activity = activity;
  }

  void register(RouteTable routes) {
    routes.get("/v1/admin/clients/{id}/sftp", admin(this::sftpAccount));
    routes.post("/v1/admin/clients/{id}/sftp/keys", admin(this::addKey));
    routes.delete("/v1/admin/clients/{id}/sftp/keys/{keyId}", admin(this::removeKey));
    routes.put("/v1/admin/clients/{id}/sftp/password", admin(this::setPassword));
    routes.delete("/v1/admin/clients/{id}/sftp/password", admin(this::removePassword));
    routes.get("/v1/admin/clients/{id}/inbox-rules", admin(this::listRules));
    routes.put("/v1/admin/clients/{id}/inbox-rules", admin(this::setRule));
    routes.delete("/v1/admin/clients/{id}/inbox-rules/{ruleId}", admin(this::removeRule));
    routes.get("/v1/admin/clients/{id}/activity", admin(this::clientActivity));
    routes.get("/v1/inbox/rules", this::ownRules);
    routes.get("/v1/inbox/starts", this::ownStarts);
    routes.get("/v1/inbox/starts/{jobId}", this::ownStart);
    routes.get("/v1/activity", this::ownActivity);
  }

  private static io.javalin.http.Handler admin(io.javalin.http.Handler handler) {
    return ctx -> {
      Requests.requireAdmin(ctx);
      handler.handle(ctx);
    };
  }

  // ---- SFTP credentials

  private void sftpAccount(Context ctx) {
    String id = ctx.pathParam("id");
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("keys", sftp.keys(id).stream().map(IngestRoutes::keyView).toList());
    view.put("password", sftp.hasPassword(id));
    ctx.json(view);
  }

  private void addKey(Context ctx) {
    NewKey request = AdminBodies.body(ctx, NewKey.class);
    SftpKey key = sftp.addKey(ctx.pathParam("id"), request.publicKey());
    ctx.status(201).json(keyView(key));
  }

  private void removeKey(Context ctx) {
    sftp.removeKey(ctx.pathParam("id"), ctx.pathParam("keyId"));
    ctx.status(204);
  }

  private void setPassword(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    int length = body.length;
    if (length > 0 && body[length - 1] == '\n') {
      length--;
      if (length > 0 && body[length - 1] == '\r') {
        length--;
      }
    }
    byte[] password = Arrays.copyOf(body, length);
    Arrays.fill(body, (byte) 0);
    sftp.setPassword(ctx.pathParam("id"), password);
    ctx.status(204);
  }

  private void removePassword(Context ctx) {
    sftp.removePassword(ctx.pathParam("id"));
    ctx.status(204);
  }

  private static Map<String, Object> keyView(SftpKey key) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("keyId", key.id());
    view.put("type", key.algorithm());
    view.put("fingerprint", key.fingerprint());
    view.put("createdAt", key.createdAt().toString());
    return view;
  }

  // ---- inbox rules

  private void listRules(Context ctx) {
    ctx.json(Map.of("rules", rules(inbox.rules(ctx.pathParam("id")))));
  }

  private void setRule(Context ctx) {
    NewRule request = AdminBodies.body(ctx, NewRule.class);
    InboxRule rule =
        inbox.setRule(
            ctx.pathParam("id"), request.path(), request.outputPrefix(), request.policyVersion());
    ctx.json(ruleView(rule));
  }

  private void removeRule(Context ctx) {
    inbox.removeRule(ctx.pathParam("id"), ctx.pathParam("ruleId"));
    ctx.status(204);
  }

  private void ownRules(Context ctx) {
    ctx.json(Map.of("rules", rules(inbox.rules(Requests.clientId(ctx)))));
  }

  private void ownStarts(Context ctx) {
    String clientId = Requests.clientId(ctx);
    ctx.json(
        Map.of(
            "starts",
            inbox.starts(clientId, Requests.limit(ctx, 100, 1000)).stream()
                .map(IngestRoutes::startView)
                .toList()));
  }

  private void ownStart(Context ctx) {
    InboxStart start =
        inbox
            .origin(Requests.clientId(ctx), ctx.pathParam("jobId"))
            .orElseThrow(() -> new NotFoundResponse("no inbox rule started this job"));
    ctx.json(startView(start));
  }

  private static List<Map<String, Object>> rules(List<InboxRule> rules) {
    return rules.stream().map(IngestRoutes::ruleView).toList();
  }

  private static Map<String, Object> ruleView(InboxRule rule) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("ruleId", rule.id());
    view.put("path", rule.pathGlob());
    view.put("outputPrefix", rule.outputPrefix());
    rule.policyVersion().ifPresent(v -> view.put("policyVersion", v));
    view.put("createdAt", rule.createdAt().toString());
    view.put("updatedAt", rule.updatedAt().toString());
    return view;
  }

  private static Map<String, Object> startView(InboxStart start) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("jobId", start.jobId());
    view.put("ruleId", start.ruleId());
    view.put("path", start.path());
    view.put("sha256", start.sha256());
    view.put("size", start.size());
    view.put("generation", start.generation());
    view.put("source", start.source());
    view.put("createdAt", start.createdAt().toString());
    return view;
  }

  // ---- activity

  private void clientActivity(Context ctx) {
    String id = ctx.pathParam("id");
    inbox.rules(id); // 404 for an unknown client
    ctx.json(Map.of("events", events(activity.recent(id, Requests.limit(ctx, 100, 10_000)))));
  }

  private void ownActivity(Context ctx) {
    ctx.json(
        Map.of(
            "events",
            events(activity.recent(Requests.clientId(ctx), Requests.limit(ctx, 100, 1000)))));
  }

  private static List<Map<String, Object>> events(List<ActivityEvent> events) {
    return events.stream().map(ActivityEvent::toMap).toList();
  }

  /**
   * The body of a key addition.
   *
   * @param publicKey one OpenSSH public key line
   */
  record NewKey(String publicKey) {}

  /**
   * The body of a rule.
   *
   * @param path the glob
   * @param outputPrefix the output folder
   * @param policyVersion the policy version, null for the current one
   */
  record NewRule(String path, String outputPrefix, Integer policyVersion) {}
}
