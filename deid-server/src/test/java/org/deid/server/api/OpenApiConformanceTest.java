package org.deid.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served {@code /openapi.json} against real answers: every call of a scenario that reaches
 * every route, on success and on the usual errors, answers a status the document lists for that
 * operation, and its JSON body has only the fields, with the types, of the documented schema.
 */
class OpenApiConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DeidServer server;
  private JsonNode document;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> covered = new TreeSet<>();

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            TestServer.settings(dir).withLimits(new ServerApp.Limits(1000, 1 << 16, 1000, 1000)),
            TestServer.ingest(),
            new LineEngine(),
            Optional.empty());
    document = new Api(server.port(), Optional.empty()).get("/openapi.json").json();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyAnswerOfEveryRoute_hasADocumentedStatusAndBody() throws Exception {
    Api anonymous = new Api(server.port(), Optional.empty());
    Api admin = Api.as(server.port(), Fixture.adminKey(dir));
    String client = "/v1/admin/clients/{id}";

    check(anonymous, "GET", "/healthz", "/healthz", null);
    check(anonymous, "GET", "/metrics", "/metrics", null);
    JsonNode created =
        check(admin, "POST", "/v1/admin/clients", "/v1/admin/clients", "{\"name\":\"clinic\"}");
    String id = created.get("id").asText();
    String path = "/v1/admin/clients/" + id;
    check(admin, "POST", "/v1/admin/clients", "/v1/admin/clients", "{\"name\":\"clinic\"}");
    check(admin, "POST", "/v1/admin/clients", "/v1/admin/clients", "{\"name\":\"\"}");
    check(admin, "GET", "/v1/admin/clients", "/v1/admin/clients", null);
    check(admin, "GET", client, "/v1/admin/clients/cl_none", null);
    check(admin, "GET", client + "/policies", path + "/policies", null);
    check(admin, "PUT", client + "/policy", path + "/policy", "policy: test\n");
    check(admin, "PUT", client + "/policy", path + "/policy", "nope");
    check(admin, "PUT", client + "/policy", path + "/policy", "x".repeat(70_000));
    check(admin, "PUT", client + "/keys", path + "/keys", "{\"keys\": 1}");
    check(admin, "PUT", client + "/keys", path + "/keys", "[]");
    check(admin, "GET", client + "/keys", path + "/keys", null);
    check(admin, "POST", client + "/keys/rotate", path + "/keys/rotate", "");
    check(admin, "POST", client + "/keys/rotate", "/v1/admin/clients/cl_none/keys/rotate", "");
    String notifications = "{\"emails\":[\"ops@clinic.example\"],\"webhooks\":[]}";
    check(admin, "PUT", client + "/notifications", path + "/notifications", notifications);
    check(admin, "PUT", client + "/notifications", path + "/notifications", "{\"emails\":[1]}");
    check(admin, "GET", client + "/notifications", path + "/notifications", null);
    JsonNode issued = check(admin, "POST", client + "/api-keys", path + "/api-keys", "");
    check(admin, "POST", client + "/api-keys", "/v1/admin/clients/cl_none/api-keys", "");
    Api api = Api.as(server.port(), issued.get("apiKey").asText());
    JsonNode second = check(admin, "POST", client + "/api-keys", path + "/api-keys", "");
    String revoke = client + "/api-keys/{keyId}";
    check(admin, "DELETE", revoke, path + "/api-keys/" + second.get("keyId").asText(), null);
    check(admin, "DELETE", revoke, path + "/api-keys/" + second.get("keyId").asText(), null);
    check(admin, "GET", client, path, null);

    String file = "/v1/files/{key}";
    check(api, "PUT", file, "/v1/files/in/a.csv", "id\n1\n2\n");
    check(api, "PUT", file, "/v1/files/in/..", "x");
    check(api, "PUT", file, "/v1/files/in/big.csv", "x".repeat(1001));
    check(api, "HEAD", file, "/v1/files/in/a.csv", null);
    check(api, "HEAD", file, "/v1/files/in/none.csv", null);
    check(api, "GET", file, "/v1/files/in/none.csv", null);
    check(api, "GET", "/v1/files", "/v1/files?prefix=in/", null);
    check(api, "GET", "/v1/files", "/v1/files?prefix=../", null);
    check(admin, "GET", "/v1/files", "/v1/files", null);
    String request =
        "{\"inputs\":[\"in/a.csv\"],\"outputPrefix\":\"out/\",\"idempotencyKey\":\"k\"}";
    JsonNode job = check(api, "POST", "/v1/jobs", "/v1/jobs", request);
    check(api, "POST", "/v1/jobs", "/v1/jobs", request.replace("out/", "other/"));
    check(
        api,
        "POST",
        "/v1/jobs",
        "/v1/jobs",
        "{\"inputs\":[\"in/none.csv\"],\"outputPrefix\":\"o/\"}");
    check(api, "POST", "/v1/jobs", "/v1/jobs", "{\"colour\":1}");
    check(api, "POST", "/v1/jobs", "/v1/jobs", "[" + "1,".repeat(40_000) + "1]");
    String jobPath = "/v1/jobs/" + job.get("id").asText();
    Fixture.awaitTerminal(api, job.get("id").asText());
    check(api, "GET", "/v1/jobs/{id}", jobPath, null);
    check(api, "GET", "/v1/jobs/{id}", "/v1/jobs/job_none", null);
    check(api, "GET", "/v1/jobs", "/v1/jobs?limit=5", null);
    check(api, "GET", "/v1/jobs", "/v1/jobs?limit=0", null);
    check(api, "GET", "/v1/jobs/{id}/events", jobPath + "/events", null);
    check(api, "GET", "/v1/jobs/{id}/events", "/v1/jobs/job_none/events", null);
    check(api, "POST", "/v1/jobs/{id}/cancel", jobPath + "/cancel", "");
    check(api, "POST", "/v1/jobs/{id}/cancel", "/v1/jobs/job_none/cancel", "");
    check(api, "GET", file, "/v1/files/out/a.csv", null);
    check(api, "DELETE", file, "/v1/files/out/a.csv", null);
    check(api, "DELETE", file, "/v1/files/out/a.csv", null);

    check(api, "GET", "/v1/whoami", "/v1/whoami", null);
    check(admin, "GET", "/v1/whoami", "/v1/whoami", null);
    check(api, "GET", "/v1/config", "/v1/config", null);
    String run =
        "{\"toolVersion\":\"1.0\",\"policyVersion\":1,\"keysVersion\":1,\"keyIds\":[\"k1\"],"
            + "\"files\":[{\"input\":\"a.csv\",\"inputBytes\":5,\"output\":\"a.csv\","
            + "\"outputBytes\":7,\"rowsRead\":2,\"rowsWritten\":2,\"rowsRejected\":0}],"
            + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"durationMillis\":5,\"exitStatus\":0}";
    check(api, "POST", "/v1/runs", "/v1/runs", run);
    check(api, "POST", "/v1/runs", "/v1/runs", "{\"toolVersion\":\"1.0\"}");
    check(api, "GET", "/v1/runs", "/v1/runs", null);
    check(admin, "GET", client + "/runs", path + "/runs", null);
    check(admin, "GET", client + "/runs", "/v1/admin/clients/cl_none/runs", null);

    String sftp = client + "/sftp";
    check(admin, "GET", sftp, path + "/sftp", null);
    check(admin, "GET", sftp, "/v1/admin/clients/cl_none/sftp", null);
    check(api, "GET", sftp, path + "/sftp", null);
    String publicKey = SshKeys.generate(dir, "clinic_key").publicLine();
    String keyBody = "{\"publicKey\":\"" + publicKey + "\"}";
    JsonNode sftpKey = check(admin, "POST", sftp + "/keys", path + "/sftp/keys", keyBody);
    check(admin, "POST", sftp + "/keys", path + "/sftp/keys", keyBody);
    check(admin, "POST", sftp + "/keys", path + "/sftp/keys", "{\"publicKey\":\"ssh-rsa x\"}");
    String sftpKeyPath = path + "/sftp/keys/" + sftpKey.path("keyId").asText();
    check(admin, "DELETE", sftp + "/keys/{keyId}", sftpKeyPath, null);
    check(admin, "DELETE", sftp + "/keys/{keyId}", sftpKeyPath, null);
    check(admin, "PUT", sftp + "/password", path + "/sftp/password", "correct horse battery\n");
    check(admin, "PUT", sftp + "/password", path + "/sftp/password", "short");
    check(admin, "DELETE", sftp + "/password", path + "/sftp/password", null);
    check(admin, "DELETE", sftp + "/password", path + "/sftp/password", null);

    String rules = client + "/inbox-rules";
    String ruleBody = "{\"path\":\"inbox/*.csv\",\"outputPrefix\":\"inbox-out/\"}";
    JsonNode rule = check(admin, "PUT", rules, path + "/inbox-rules", ruleBody);
    check(
        admin, "PUT", rules, path + "/inbox-rules", "{\"path\":\"*.csv\",\"outputPrefix\":\"o/\"}");
    check(admin, "PUT", rules, "/v1/admin/clients/cl_none/inbox-rules", ruleBody);
    check(admin, "GET", rules, path + "/inbox-rules", null);
    check(admin, "PUT", rules, path + "/inbox-rules", "{\"path\":\"" + "x".repeat(70_000) + "\"}");
    check(api, "GET", "/v1/inbox/rules", "/v1/inbox/rules", null);
    check(admin, "GET", "/v1/inbox/rules", "/v1/inbox/rules", null);
    check(api, "PUT", file, "/v1/files/inbox/b.csv", "id\n3\n");
    String inboxJob = awaitInboxStart(api);
    check(api, "GET", "/v1/inbox/starts", "/v1/inbox/starts", null);
    check(api, "GET", "/v1/inbox/starts", "/v1/inbox/starts?limit=0", null);
    check(api, "GET", "/v1/inbox/starts/{jobId}", "/v1/inbox/starts/" + inboxJob, null);
    check(
        api,
        "GET",
        "/v1/inbox/starts/{jobId}",
        "/v1/inbox/starts/" + job.path("id").asText(),
        null);
    JsonNode started = check(api, "GET", "/v1/jobs/{id}", "/v1/jobs/" + inboxJob, null);
    assertThat(started.path("origin").path("path").asText()).isEqualTo("inbox/b.csv");
    assertThat(started.path("origin").path("ruleId").asText())
        .isEqualTo(rule.path("ruleId").asText());
    JsonNode listed = check(api, "GET", "/v1/jobs", "/v1/jobs", null);
    assertThat(listed.path("jobs").findValues("origin")).hasSize(1);
    String rulePath = path + "/inbox-rules/" + rule.path("ruleId").asText();
    check(admin, "DELETE", rules + "/{ruleId}", rulePath, null);
    check(admin, "DELETE", rules + "/{ruleId}", rulePath, null);
    check(admin, "GET", client + "/activity", path + "/activity", null);
    check(admin, "GET", client + "/activity", "/v1/admin/clients/cl_none/activity", null);
    check(api, "GET", "/v1/activity", "/v1/activity", null);
    check(api, "GET", "/v1/activity", "/v1/activity?limit=0", null);
    check(admin, "GET", "/v1/activity", "/v1/activity", null);
    check(admin, "GET", client + "/activity", path + "/activity?limit=0", null);

    check(api, "GET", "/v1/admin/audit", "/v1/admin/audit", null);
    check(admin, "GET", "/v1/admin/audit", "/v1/admin/audit?limit=20", null);
    check(anonymous, "GET", "/v1/jobs", "/v1/jobs", null);
    check(anonymous, "GET", "/openapi.json", "/openapi.json", null);

    assertThat(problems).isEmpty();
    assertThat(covered)
        .as("every route was called")
        .containsAll(
            server.routes().stream()
                .map(r -> r.method() + " " + r.openApiPath())
                .collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void overTheRateLimit_answers429AsDocumented() throws Exception {
    server.close();
    server =
        TestServer.start(
            TestServer.settings(dir.resolve("limited"))
                .withLimits(new ServerApp.Limits(1000, 1 << 16, 0.001, 2)),
            new LineEngine(),
            Optional.empty());
    Api admin = Api.as(server.port(), Fixture.adminKey(dir.resolve("limited")));
    int status = 0;
    for (int i = 0; i < 5 && status != 429; i++) {
      status =
          check(admin, "GET", "/v1/admin/clients", "/v1/admin/clients", null)
              .path("status")
              .asInt();
    }
    assertThat(status).isEqualTo(429);
    assertThat(problems).isEmpty();
  }

  /** Waits for the inbox rule to start the job of the uploaded file; returns the job id. */
  private static String awaitInboxStart(Api api) {
    for (int i = 0; i < 400; i++) {
      JsonNode starts = api.get("/v1/inbox/starts").json().path("starts");
      if (starts.size() > 0) {
        return starts.get(0).path("jobId").asText();
      }
      Fixture.sleep(25);
    }
    throw new AssertionError("the inbox rule started no job");
  }

  /** Calls a route and records every way the answer differs from the document. */
  private JsonNode check(Api api, String method, String template, String path, String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        body != null && body.startsWith("{")
            ? Map.of("Content-Type", "application/json")
            : Map.of();
    Api.Response response = api.send(method, path, bytes, headers);
    String call = method + " " + path + " -> " + response.status();
    covered.add(method + " " + template);
    JsonNode operation =
        document.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
    if (operation.isMissingNode()) {
      problems.add(call + ": the operation is not documented");
      return JSON.createObjectNode();
    }
    JsonNode documented = operation.path("responses").path(Integer.toString(response.status()));
    if (documented.isMissingNode()) {
      problems.add(call + ": status not documented (" + response.text() + ")");
      return JSON.createObjectNode();
    }
    JsonNode schema = documented.path("content").path("application/json").path("schema");
    if (schema.isMissingNode() || method.equals("HEAD") || response.body().length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      problems.add(call + ": the body is not JSON");
      return JSON.createObjectNode();
    }
    conforms(call, "$", json, schema);
    return json;
  }

  private void conforms(String call, String where, JsonNode value, JsonNode schema) {
    JsonNode resolved = resolve(schema);
    String type = resolved.path("type").asText("");
    boolean fits =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isTextual();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!fits) {
      problems.add(call + ": " + where + " is " + value.getNodeType() + ", documented " + type);
      return;
    }
    if (value.isArray() && resolved.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        conforms(call, where + "[" + i + "]", value.get(i), resolved.get("items"));
      }
    }
    if (value.isObject() && resolved.has("properties")) {
      value
          .fields()
          .forEachRemaining(
              field -> {
                JsonNode property = resolved.get("properties").get(field.getKey());
                if (property == null) {
                  problems.add(call + ": " + where + "." + field.getKey() + " is not documented");
                } else {
                  conforms(call, where + "." + field.getKey(), field.getValue(), property);
                }
              });
    }
  }

  private JsonNode resolve(JsonNode schema) {
    JsonNode current = schema;
    while (current.has("$ref")) {
      String name = current.get("$ref").asText().replace("#/components/schemas/", "");
      current = document.path("components").path("schemas").path(name);
    }
    return current;
  }
}
