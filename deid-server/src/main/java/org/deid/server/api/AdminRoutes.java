package org.deid.server.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    routes.post("/v1/admin/clients", admin(this::createClient));
    routes.get("/v1/admin/clients", admin(this::listClients));
    routes.get("/v1/admin/clients/{id}", admin(this::getClient));
    routes.post("/v1/admin/clients/{id}/api-keys", admin(this::issueKey));
    routes.delete("/v1/admin/clients/{id}/api-keys/{keyId}", admin(this::revokeKey));
    routes.put("/v1/admin/clients/{id}/policy", admin(this::storePolicy));
    routes.get("/v1/admin/clients/{id}/policies", admin(this::listPolicies));
    routes.put("/v1/admin/clients/{id}/keys", admin(this::storeKeys));
    routes.get("/v1/admin/clients/{id}/keys", admin(this::listKeys));
    routes.put("/v1/admin/clients/{id}/notifications", admin(this::setNotifications));
    routes.get("/v1/admin/clients/{id}/notifications", admin(this::getNotifications));
    routes.get("/v1/admin/audit", admin(this::auditLog));
  }

  private static io.javalin.http.Handler admin(io.javalin.http.Handler handler) {
    return ctx -> {
      Requests.requireAdmin(ctx);
      handler.handle(ctx);
    };
  }

  private void createClient(Context ctx) {
    NewClient request = body(ctx, NewClient.class);
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
    TenantService.IssuedKey key = tenants.issueKey(ctx.pathParam("id"));
    ctx.status(201).json(Map.of("keyId", key.keyId(), "apiKey", key.apiKey()));
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
    tenants.setTargets(ctx.pathParam("id"), body(ctx, NotificationTargets.class));
    ctx.json(tenants.targets(ctx.pathParam("id")));
  }

  private void getNotifications(Context ctx) {
    ctx.json(tenants.targets(ctx.pathParam("id")));
  }

  private void auditLog(Context ctx) {
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
    if (limit < 1 || limit > 10_000) {
      throw new BadRequestResponse("'limit' must be between 1 and 10000");
    }
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

  private static <T> T body(Context ctx, Class<T> type) {
    try {
      T value = ctx.bodyAsClass(type);
      if (value == null) {
        throw new BadRequestResponse("a JSON body is required");
      }
      return value;
    } catch (io.javalin.http.HttpResponseException e) {
      throw e;
    } catch (Exception e) {
      // Jackson's parse errors arrive unchecked through Javalin; the message could echo the body
      throw new BadRequestResponse("the body is not valid JSON for this request");
    }
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
   * The body of a client creation.
   *
   * @param name the client name
   */
  record NewClient(String name) {}
}
