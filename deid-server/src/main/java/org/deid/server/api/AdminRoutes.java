package org.deid.server.api;

import static org.deid.server.api.Requests.adminOnly;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.audit.AuditLog;
import org.deid.server.tenant.Client;
import org.deid.server.tenant.NotificationTargets;
import org.deid.server.tenant.TenantService;
import org.deid.server.tenant.VersionInfo;

/**
 * {@code /v1/admin}: tenants and their credentials, policies, keys and notification targets, and
 * the audit log. Only the administrator key reaches these; any other caller gets 404.
 */
final class AdminRoutes {
  private final TenantService tenants;
  private final AuditLog audit;

  AdminRoutes(TenantService tenants, AuditLog audit) {
    this.tenants = tenants;
    this.audit = audit;
  }

  void register(RouteTable routes) {
    routes.post("/v1/admin/clients", adminOnly(this::createClient));
    routes.get("/v1/admin/clients", adminOnly(this::listClients));
    routes.get("/v1/admin/clients/{id}", adminOnly(this::getClient));
    routes.post("/v1/admin/clients/{id}/api-keys", adminOnly(this::issueKey));
    routes.delete("/v1/admin/clients/{id}/api-keys/{keyId}", adminOnly(this::revokeKey));
    routes.put("/v1/admin/clients/{id}/policy", adminOnly(this::storePolicy));
    routes.get("/v1/admin/clients/{id}/policies", adminOnly(this::listPolicies));
    routes.put("/v1/admin/clients/{id}/keys", adminOnly(this::storeKeys));
    routes.get("/v1/admin/clients/{id}/keys", adminOnly(this::listKeys));
    routes.put("/v1/admin/clients/{id}/notifications", adminOnly(this::setNotifications));
    routes.get("/v1/admin/clients/{id}/notifications", adminOnly(this::getNotifications));
    routes.get("/v1/admin/audit", adminOnly(this::auditLog));
  }

  private void createClient(Context ctx) {
    NewClient request = Requests.jsonBody(ctx, NewClient.class, "a JSON object {\"name\"}");
    TenantService.CreatedClient created = tenants.createClient(request.name());
    Map<String, Object> view = clientView(created.client());
    view.put("webhookSecret", created.webhookSecret());
    ctx.status(201).json(view);
  }

  private void listClients(Context ctx) {
    ctx.json(Map.of("clients", tenants.clients().stream().map(AdminRoutes::clientView).toList()));
  }

  private void getClient(Context ctx) {
    String id = ctx.pathParam("id");
    Map<String, Object> view = clientView(tenants.client(id));
    view.put("policies", versions(tenants.policyVersions(id)));
    view.put("keys", versions(tenants.keyVersions(id)));
    view.put("notifications", tenants.targets(id));
    ctx.json(view);
  }

  private void issueKey(Context ctx) {
    Optional<Instant> expiresAt = Optional.empty();
    if (!ctx.body().isBlank()) {
      NewKey request = Requests.jsonBody(ctx, NewKey.class, "a JSON object {\"expiresAt\"}");
      if (request.expiresAt() != null) {
        try {
          expiresAt = Optional.of(Instant.parse(request.expiresAt()));
        } catch (java.time.format.DateTimeParseException e) {
          throw new BadRequestResponse("'expiresAt' must be an ISO-8601 UTC time");
        }
      }
    }
    TenantService.IssuedKey key = tenants.issueKey(ctx.pathParam("id"), expiresAt);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("keyId", key.keyId());
    view.put("apiKey", key.apiKey());
    expiresAt.ifPresent(at -> view.put("expiresAt", at.toString()));
    ctx.status(201).json(view);
  }

  private void revokeKey(Context ctx) {
    tenants.revokeKey(ctx.pathParam("id"), ctx.pathParam("keyId"));
    ctx.status(204);
  }

  private void storePolicy(Context ctx) {
    VersionInfo stored = tenants.storePolicy(ctx.pathParam("id"), ctx.bodyAsBytes());
    ctx.status(201).json(version(stored));
  }

  private void listPolicies(Context ctx) {
    ctx.json(Map.of("versions", versions(tenants.policyVersions(ctx.pathParam("id")))));
  }

  private void storeKeys(Context ctx) {
    VersionInfo stored = tenants.storeKeys(ctx.pathParam("id"), ctx.bodyAsBytes());
    ctx.status(201).json(version(stored));
  }

  private void listKeys(Context ctx) {
    ctx.json(Map.of("versions", versions(tenants.keyVersions(ctx.pathParam("id")))));
  }

  private void setNotifications(Context ctx) {
    tenants.setTargets(
        ctx.pathParam("id"),
        Requests.jsonBody(
            ctx, NotificationTargets.class, "a JSON object {\"emails\", \"webhooks\"}"));
    ctx.json(tenants.targets(ctx.pathParam("id")));
  }

  private void getNotifications(Context ctx) {
    ctx.json(tenants.targets(ctx.pathParam("id")));
  }

  private void auditLog(Context ctx) {
    int limit = Requests.limit(ctx, 100, 10_000);
    ctx.json(
        Map.of(
            "entries",
            audit.recent(limit).stream()
                .map(
                    e ->
                        Map.of(
                            "at", e.at().toString(),
                            "actor", e.actor(),
                            "method", e.method(),
                            "route", e.route(),
                            "status", e.status(),
                            "durationMillis", e.durationMillis(),
                            "remoteAddress", e.remoteAddress()))
                .toList()));
  }

  private static Map<String, Object> clientView(Client client) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", client.id());
    view.put("name", client.name());
    view.put("createdAt", client.createdAt().toString());
    return view;
  }

  private static List<Map<String, Object>> versions(List<VersionInfo> versions) {
    return versions.stream().map(AdminRoutes::version).toList();
  }

  private static Map<String, Object> version(VersionInfo info) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("version", info.version());
    view.put("description", info.description());
    view.put("createdAt", info.createdAt().toString());
    return view;
  }

  /**
   * The optional body of an API key issue.
   *
   * @param expiresAt when the key stops working (ISO-8601 UTC), or null for never
   */
  record NewKey(String expiresAt) {}

  /**
   * The body of a client creation.
   *
   * @param name the client name
   */
  record NewClient(String name) {}
}
