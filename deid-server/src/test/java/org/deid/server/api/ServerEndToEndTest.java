package org.deid.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerEndToEndTest {
  private static final String INPUT = "id,name\n1,ana\n2,bob\n3,cy\n";

  @TempDir Path dir;
  private DeidServer server;
  private Api admin;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void firstStart_writesAdminKeyOwnerOnly_andSecondStartKeepsIt() throws Exception {
    Path keyFile = dir.resolve("admin.key");
    assertThat(server.adminKeyFile()).contains(keyFile.toAbsolutePath());

    assertThat(Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    String key = Files.readString(keyFile);
    server.close();

    server = TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty());
    assertThat(server.adminKeyFile()).isEmpty();
    assertThat(Files.readString(keyFile)).isEqualTo(key);
    assertThat(Api.as(server.port(), key.strip()).get("/v1/admin/clients").status()).isEqualTo(200);
  }

  @Test
  void newDataFolder_isCreatedOwnerOnly() throws Exception {
    Path fresh = dir.resolve("fresh/data");
    try (DeidServer other =
        TestServer.start(TestServer.settings(fresh), new LineEngine(), Optional.empty())) {
      assertThat(Files.getPosixFilePermissions(fresh))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE);
      assertThat(other.adminKeyFile()).contains(fresh.resolve("admin.key").toAbsolutePath());
    }
  }

  @Test
  void adminKeyThatCannotBeWritten_isNotRegistered_andTheNextStartIssuesOne() throws Exception {
    Path fresh = dir.resolve("blocked");
    Files.createDirectories(fresh.resolve("admin.key"));
    Files.writeString(fresh.resolve("admin.key/in-the-way"), "x");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestServer.start(TestServer.settings(fresh), new LineEngine(), Optional.empty()))
        .isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(fresh.resolve("admin.key.tmp")).doesNotExist();

    Files.delete(fresh.resolve("admin.key/in-the-way"));
    Files.delete(fresh.resolve("admin.key"));
    try (DeidServer other =
        TestServer.start(TestServer.settings(fresh), new LineEngine(), Optional.empty())) {
      assertThat(other.adminKeyFile()).isPresent();
      assertThat(Api.as(other.port(), Fixture.adminKey(fresh)).get("/v1/admin/clients").status())
          .isEqualTo(200);
    }
  }

  @Test
  void secondServer_onTheSameDataFolder_isRefusedWithAClearMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty()))
        .isInstanceOf(org.deid.server.config.ConfigException.class)
        .hasMessageContaining("another deid server");
  }

  @Test
  void uploadSubmitWaitDownload_outputIsTheEngineOutput_andReportIsNamedAfterTheInput() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api api = Api.as(server.port(), client.apiKey());
    byte[] input = INPUT.getBytes(StandardCharsets.UTF_8);

    Api.Response uploaded =
        api.send(
            "PUT", "/v1/files/inbox/patients.csv", input, Map.of("X-Deid-Sha256", sha256(input)));
    assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
    assertThat(uploaded.json().get("sha256").asText()).isEqualTo(sha256(input));

    String jobId = Fixture.submit(api, List.of("inbox/patients.csv"), "out/");
    JsonNode job = Fixture.awaitTerminal(api, jobId);

    assertThat(job.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.get("outputs").get(0).get("output").asText()).isEqualTo("out/patients.csv");
    assertThat(job.get("outputs").get(0).get("report").asText())
        .isEqualTo("out/patients.report.json");
    assertThat(job.get("outputs").get(0).get("rowsRead").asLong()).isEqualTo(3);
    Api.Response output = api.get("/v1/files/out/patients.csv");
    assertThat(output.status()).isEqualTo(200);
    assertThat(output.text()).isEqualTo(LineEngine.expectedOutput(INPUT));
    assertThat(output.headers().firstValue("X-Deid-Sha256")).contains(sha256(output.body()));
    assertThat(api.get("/v1/files/out/patients.report.json").json().get("rowsRead").asLong())
        .isEqualTo(3);
    assertThat(api.get("/v1/files?prefix=out/").json().get("files"))
        .extracting(f -> f.get("key").asText())
        .containsExactly("out/patients.csv", "out/patients.report.json");
    assertThat(api.get("/v1/jobs/" + jobId + "/events").json().get("events"))
        .extracting(e -> e.get("to").asText())
        .containsExactly("SUBMITTED", "QUEUED", "RUNNING", "SUCCEEDED");
  }

  @Test
  void jobList_pagesWithNextCursors_filtersByState_andRefusesBadParameters() {
    Fixture.ClientSetup client = Fixture.client(admin, "pager");
    Api api = Api.as(server.port(), client.apiKey());
    api.put("/v1/files/in/a.csv", INPUT.getBytes(StandardCharsets.UTF_8));
    java.util.Set<String> submitted = new java.util.LinkedHashSet<>();
    for (int i = 0; i < 7; i++) {
      submitted.add(Fixture.submit(api, List.of("in/a.csv"), "out" + i + "/"));
    }
    submitted.forEach(id -> Fixture.awaitTerminal(api, id));
    Fixture.ClientSetup other = Fixture.client(admin, "pager-other");
    Api otherApi = Api.as(server.port(), other.apiKey());

    List<String> listed = new java.util.ArrayList<>();
    String path = "/v1/jobs?limit=3";
    int pages = 0;
    while (true) {
      com.fasterxml.jackson.databind.JsonNode page = api.get(path).json();
      page.get("jobs").forEach(j -> listed.add(j.get("id").asText()));
      pages++;
      if (!page.hasNonNull("next")) {
        break;
      }
      String next = page.get("next").asText();
      assertThat(otherApi.get("/v1/jobs?after=" + next).json().get("jobs"))
          .as("a cursor is a position, never another client's jobs")
          .isEmpty();
      path = "/v1/jobs?limit=3&after=" + next;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(listed).hasSize(7).containsExactlyInAnyOrderElementsOf(submitted);

    assertThat(api.get("/v1/jobs?state=SUCCEEDED&limit=1000").json().get("jobs")).hasSize(7);
    assertThat(api.get("/v1/jobs?state=QUEUED").json().get("jobs")).isEmpty();
    assertThat(api.get("/v1/jobs?state=DONE").status()).isEqualTo(400);
    assertThat(api.get("/v1/jobs?after=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
    assertThat(api.get("/v1/jobs?after=not%20base64!").status()).isEqualTo(400);
    assertThat(api.get("/v1/jobs?limit=1001").status()).isEqualTo(400);
  }

  @Test
  void fileList_pagesWithTheLastKeyAsNext_andRefusesBadParameters() {
    Fixture.ClientSetup client = Fixture.client(admin, "file-pager");
    Api api = Api.as(server.port(), client.apiKey());
    for (int i = 0; i < 5; i++) {
      api.put("/v1/files/in/f" + i + ".csv", "x\n".getBytes(StandardCharsets.UTF_8));
    }

    com.fasterxml.jackson.databind.JsonNode first = api.get("/v1/files?prefix=in/&limit=2").json();
    assertThat(first.get("files"))
        .extracting(f -> f.get("key").asText())
        .containsExactly("in/f0.csv", "in/f1.csv");
    assertThat(first.get("next").asText()).isEqualTo("in/f1.csv");
    com.fasterxml.jackson.databind.JsonNode last =
        api.get("/v1/files?prefix=in/&limit=2&after=in/f3.csv").json();
    assertThat(last.get("files"))
        .extracting(f -> f.get("key").asText())
        .containsExactly("in/f4.csv");
    assertThat(last.has("next")).isFalse();
    assertThat(api.get("/v1/files?prefix=in/").json().get("files")).hasSize(5);
    assertThat(api.get("/v1/files?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/v1/files?after=/etc").status()).isEqualTo(400);
  }

  @Test
  void submit_sameIdempotencyKey_returnsTheSameJob() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api api = Api.as(server.port(), client.apiKey());
    api.put("/v1/files/in/a.csv", INPUT.getBytes(StandardCharsets.UTF_8));
    Map<String, Object> request =
        Map.of("inputs", List.of("in/a.csv"), "outputPrefix", "out", "idempotencyKey", "batch-7");

    String first = api.post("/v1/jobs", request).json().get("id").asText();
    String second = api.post("/v1/jobs", request).json().get("id").asText();

    assertThat(second).isEqualTo(first);
    Api.Response different =
        api.post(
            "/v1/jobs",
            Map.of(
                "inputs",
                List.of("in/a.csv"),
                "outputPrefix",
                "other/",
                "idempotencyKey",
                "batch-7"));
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.json().get("message").asText()).contains(first);
  }

  @Test
  void submit_invalidRequests_answerClear4xx() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api api = Api.as(server.port(), client.apiKey());
    api.put("/v1/files/in/a.csv", INPUT.getBytes(StandardCharsets.UTF_8));

    assertThat(api.post("/v1/jobs", Map.of("outputPrefix", "out/")).status()).isEqualTo(400);
    Api.Response missing =
        api.post("/v1/jobs", Map.of("inputs", List.of("in/nope.csv"), "outputPrefix", "out/"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).contains("inputs[0]");
    assertThat(
            api.post("/v1/jobs", Map.of("inputs", List.of("../x.csv"), "outputPrefix", "out/"))
                .status())
        .isEqualTo(400);
    assertThat(
            api.post("/v1/jobs", Map.of("inputs", List.of("in/a.csv"), "outputPrefix", "/abs"))
                .status())
        .isEqualTo(400);
    assertThat(
            api.post(
                    "/v1/jobs",
                    Map.of(
                        "inputs", List.of("in/a.csv"), "outputPrefix", "out/", "policyVersion", 9))
                .status())
        .isEqualTo(404);
    assertThat(
            api.post(
                    "/v1/jobs",
                    Map.of("inputs", List.of("in/a.csv"), "outputPrefix", "out/", "priority", 10))
                .status())
        .isEqualTo(400);
    assertThat(
            api.send("POST", "/v1/jobs", "not json".getBytes(StandardCharsets.UTF_8), Map.of())
                .status())
        .isEqualTo(400);
  }

  @Test
  void submit_bodiesThatDoNotFit_nameTheFieldOrPosition_neverTheValue() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api api = Api.as(server.port(), client.apiKey());

    assertThat(message(api, "{\"inputs\": [\"a.csv\"], \"outputPrefix\": \"o/\", \"colour\": 1}"))
        .isEqualTo("unknown field 'colour' in a JSON job request");
    assertThat(message(api, "{\"inputs\": [\"a.csv\"], \"Zelda Secret\": 1}"))
        .isEqualTo("an unknown field in a JSON job request");
    assertThat(message(api, "{\"inputs\": [\"a.csv\"], \"priority\": \"Zelda Secret\"}"))
        .isEqualTo("'priority' has the wrong type in a JSON job request");
    assertThat(message(api, "{\"inputs\": [[\"Zelda\"]], \"outputPrefix\": \"o/\"}"))
        .isEqualTo("'inputs[0]' has the wrong type in a JSON job request");
    assertThat(message(api, "{\"inputs\": \n [\"Zelda Secret\" \"x\"]}"))
        .isEqualTo("the body is not valid JSON (line 2, column 18)");
    assertThat(message(api, "")).isEqualTo("the body must be a JSON job request");
  }

  private static String message(Api api, String body) {
    Api.Response response =
        api.send("POST", "/v1/jobs", body.getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.text()).doesNotContain("Zelda");
    return response.json().get("message").asText();
  }

  @Test
  void admin_invalidPolicyOrKeys_areRefusedWithTheParserMessage() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api.Response policy =
        admin.put(
            "/v1/admin/clients/" + client.id() + "/policy",
            "nope".getBytes(StandardCharsets.UTF_8));
    assertThat(policy.status()).isEqualTo(400);
    assertThat(policy.json().get("message").asText()).contains("line 1");
    assertThat(
            admin
                .put(
                    "/v1/admin/clients/" + client.id() + "/keys",
                    "[]".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(400);
    JsonNode details = admin.get("/v1/admin/clients/" + client.id()).json();
    assertThat(details.get("policies")).hasSize(1);
    assertThat(details.get("keys")).hasSize(1);
    assertThat(details.toString()).doesNotContain("\"keys\": 1");
  }

  @Test
  void notifications_areValidated_andAbsentListsAreEmpty() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    String path = "/v1/admin/clients/" + client.id() + "/notifications";

    Api.Response badEmail =
        admin.putJson(path, Map.of("emails", List.of("ok@x.org", "not-an-address")));
    Api.Response badHook = admin.putJson(path, Map.of("webhooks", List.of("ftp://x.org/hook")));
    Api.Response onlyEmails = admin.putJson(path, Map.of("emails", List.of("ops@clinic.example")));

    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(badEmail.json().get("message").asText())
        .isEqualTo("emails[1] is not a valid e-mail address");
    assertThat(badHook.status()).isEqualTo(400);
    assertThat(onlyEmails.status()).isEqualTo(200);
    assertThat(onlyEmails.json().get("webhooks")).isEmpty();
    assertThat(admin.get(path).json().get("emails").get(0).asText())
        .isEqualTo("ops@clinic.example");
  }

  @Test
  void revokedKey_isRefused() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api.Response second = admin.post("/v1/admin/clients/" + client.id() + "/api-keys", Map.of());
    String keyId = second.json().get("keyId").asText();
    Api api = Api.as(server.port(), second.json().get("apiKey").asText());
    assertThat(api.get("/v1/jobs").status()).isEqualTo(200);

    assertThat(admin.delete("/v1/admin/clients/" + client.id() + "/api-keys/" + keyId).status())
        .isEqualTo(204);

    assertThat(api.get("/v1/jobs").status()).isEqualTo(401);
    assertThat(Api.as(server.port(), client.apiKey()).get("/v1/jobs").status()).isEqualTo(200);
  }

  @Test
  void opsEndpoints_healthMetricsAndAudit() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    Api anonymous = new Api(server.port(), Optional.empty());

    assertThat(anonymous.get("/healthz").json().get("status").asText()).isEqualTo("ok");
    String metrics = anonymous.get("/metrics").text();
    assertThat(metrics)
        .contains("deid_jobs{state=\"QUEUED\"}", "deid_queue_depth", "deid_rows_processed");
    JsonNode audit = admin.get("/v1/admin/audit?limit=50").json().get("entries");
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e.get("route").asText()).isEqualTo("/v1/admin/clients/{id}/api-keys");
              assertThat(e.get("status").asInt()).isEqualTo(201);
              assertThat(e.get("actor").asText()).startsWith("admin:");
            });
    assertThat(audit.toString()).doesNotContain(client.apiKey());
    anonymous.get("/v1/jobs");
    Api.as(server.port(), client.apiKey()).get("/v1/files/inbox/secret-name.csv");
    JsonNode later = admin.get("/v1/admin/audit?limit=5").json().get("entries");
    assertThat(later)
        .anySatisfy(
            e -> {
              assertThat(e.get("actor").asText()).isEqualTo("anonymous");
              assertThat(e.get("status").asInt()).isEqualTo(401);
            });
    assertThat(later)
        .anySatisfy(
            e -> {
              assertThat(e.get("actor").asText()).startsWith("client:" + client.id());
              assertThat(e.get("route").asText()).isEqualTo("/v1/files/{key}");
              assertThat(e.get("status").asInt()).isEqualTo(404);
            });
    assertThat(later.toString()).doesNotContain("secret-name");
  }

  @Test
  void audit_refusedCalls_nameTheRouteTheyTried() {
    Fixture.ClientSetup client = Fixture.client(admin, "clinic-a");
    new Api(server.port(), Optional.empty()).get("/v1/jobs/job_x/events");
    Api.as(server.port(), "deid_forged").get("/v1/files/inbox/secret-name.csv");
    Api.as(server.port(), client.apiKey()).get("/v1/no/such/secret-route");

    JsonNode entries = admin.get("/v1/admin/audit?limit=3").json().get("entries");

    assertThat(entries)
        .extracting(
            e -> e.get("actor").asText().replaceAll(":.*", "") + " " + e.get("route").asText())
        .containsExactly(
            "anonymous (no route)", "anonymous /v1/files/{key}", "anonymous /v1/jobs/{id}/events");
    assertThat(entries).extracting(e -> e.get("status").asInt()).containsExactly(404, 401, 401);
  }

  @Test
  void unknownPath_answers404_withoutRepeatingThePath() {
    Api.Response response =
        Api.as(server.port(), Fixture.client(admin, "clinic-a").apiKey())
            .get("/v1/nothing/Zelda-Secretname.csv");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("message").asText()).isEqualTo("not found");
    assertThat(response.text()).doesNotContain("Zelda");
  }

  @Test
  void openApi_listsEveryRoute() {
    JsonNode paths =
        new Api(server.port(), Optional.empty()).get("/openapi.json").json().get("paths");
    assertThat(server.routes()).isNotEmpty();
    for (RouteTable.Route route : server.routes()) {
      assertThat(paths.has(route.openApiPath())).as(route.toString()).isTrue();
      assertThat(paths.get(route.openApiPath()).has(route.openApiMethod()))
          .as(route.toString())
          .isTrue();
    }
    java.util.Set<String> registered = new java.util.HashSet<>();
    server.routes().forEach(r -> registered.add(r.openApiMethod() + " " + r.openApiPath()));
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> assertThat(registered).contains(method + " " + path.getKey())));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
