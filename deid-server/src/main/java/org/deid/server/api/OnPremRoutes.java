package org.deid.server.api;

import static org.deid.server.api.Requests.adminOnly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deid.server.run.RunLog;
import org.deid.server.run.RunSummary;
import org.deid.server.tenant.Client;
import org.deid.server.tenant.SiteKeyRotation;
import org.deid.server.tenant.TenantService;
import org.deid.server.tenant.VersionInfo;

/**
 * The on-prem CLI's endpoints: its identity ({@code /v1/whoami}), its current policy and keys
 * ({@code /v1/config}, never cached, never logged), run summaries ({@code /v1/runs}), and the
 * administrator's view of them and site key rotation. Client routes answer for the calling client
 * only; admin routes answer 404 to anyone else.
 */
final class OnPremRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TenantService tenants;
  private final RunLog runs;
  private final SiteKeyRotation rotation;
  private final SecureRandom random;
  private final Clock clock;

  OnPremRoutes(TenantService tenants, RunLog runs, SecureRandom random, Clock clock) {
    this.tenants = tenants;
    this.runs = runs;
    this.rotation = new SiteKeyRotation(tenants, random);
    this.random = random;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.get("/v1/whoami", this::whoami);
    routes.get("/v1/config", this::config);
    routes.post("/v1/runs", this::recordRun);
    routes.get("/v1/runs", this::listOwnRuns);
    routes.get("/v1/admin/clients/{id}/runs", adminOnly(this::listClientRuns));
    routes.post("/v1/admin/clients/{id}/keys/rotate", adminOnly(this::rotate));
  }

  private void whoami(Context ctx) {
    String clientId = Requests.clientId(ctx);
    Client client = tenants.client(clientId);
    ObjectNode view = identity(client, Requests.principal(ctx).keyId());
    List<VersionInfo> policies = tenants.policyVersions(clientId);
    List<VersionInfo> keys = tenants.keyVersions(clientId);
    view.put("policyVersion", policies.isEmpty() ? 0 : last(policies).version());
    view.put("keysVersion", keys.isEmpty() ? 0 : last(keys).version());
    view.set("keys", keys.isEmpty() ? JSON.createArrayNode() : keyInfo(last(keys)));
    ctx.header("Cache-Control", "no-store");
    ctx.json(view);
  }

  /** The current policy text and key file; the opened key bytes are wiped once serialized. */
  private void config(Context ctx) throws IOException {
    String clientId = Requests.clientId(ctx);
    Client client = tenants.client(clientId);
    List<VersionInfo> policies = tenants.policyVersions(clientId);
    List<VersionInfo> keys = tenants.keyVersions(clientId);
    if (policies.isEmpty() || keys.isEmpty()) {
      throw new io.javalin.http.ConflictResponse(
          "the client has no "
              + (policies.isEmpty() ? "policy" : "keys")
              + " yet; ask the administrator");
    }
    VersionInfo policy = last(policies);
    VersionInfo keyVersion = last(keys);
    ObjectNode view = identity(client, Requests.principal(ctx).keyId());
    view.put("policyVersion", policy.version());
    view.put(
        "policy", new String(tenants.policy(clientId, policy.version()), StandardCharsets.UTF_8));
    view.put("keysVersion", keyVersion.version());
    view.set("keyInfo", keyInfo(keyVersion));
    byte[] keyFile = tenants.openKeys(clientId, keyVersion.version());
    byte[] body;
    try {
      view.put("keys", new String(keyFile, StandardCharsets.UTF_8));
      body = JSON.writeValueAsBytes(view);
    } finally {
      Arrays.fill(keyFile, (byte) 0);
    }
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    ctx.contentType("application/json");
    ctx.result(body);
  }

  private void recordRun(Context ctx) {
    String clientId = Requests.clientId(ctx);
    RunSummary summary = RunSummary.parse(ctx.bodyAsBytes());
    byte[] id = new byte[12];
    random.nextBytes(id);
    RunLog.StoredRun run =
        new RunLog.StoredRun(
            "run_" + HexFormat.of().formatHex(id),
            clientId,
            Requests.principal(ctx).keyId(),
            clock.instant(),
            summary);
    runs.insert(run);
    ctx.status(201).json(view(run));
  }

  private void listOwnRuns(Context ctx) {
    list(ctx, Requests.clientId(ctx));
  }

  private void listClientRuns(Context ctx) {
    String clientId = ctx.pathParam("id");
    tenants.client(clientId);
    list(ctx, clientId);
  }

  private void list(Context ctx, String clientId) {
    int limit = Requests.limit(ctx, 100, 10_000);
    ctx.json(
        Map.of("runs", runs.recent(clientId, limit).stream().map(OnPremRoutes::view).toList()));
  }

  private void rotate(Context ctx) {
    VersionInfo stored = rotation.rotate(ctx.pathParam("id"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("version", stored.version());
    view.put("description", stored.description());
    view.put("createdAt", stored.createdAt().toString());
    ctx.status(201).json(view);
  }

  private static Map<String, Object> view(RunLog.StoredRun run) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", run.id());
    view.put("clientId", run.clientId());
    view.put("apiKeyId", run.apiKeyId());
    view.put("receivedAt", run.receivedAt().toString());
    view.put("summary", run.summary());
    return view;
  }

  private static ObjectNode identity(Client client, String apiKeyId) {
    ObjectNode view = JSON.createObjectNode();
    view.put("clientId", client.id());
    view.put("clientName", client.name());
    view.put("apiKeyId", apiKeyId);
    return view;
  }

  /** Key kinds, ids, fingerprints and the primary flag, as recorded at upload; never key bytes. */
  private static ArrayNode keyInfo(VersionInfo keys) {
    try {
      JsonNode described = JSON.readTree(keys.description());
      if (described != null && described.isArray()) {
        return (ArrayNode) described;
      }
    } catch (IOException e) {
      // an engine that describes keys otherwise: no ids to show
    }
    return JSON.createArrayNode();
  }

  private static VersionInfo last(List<VersionInfo> versions) {
    return versions.get(versions.size() - 1);
  }
}
