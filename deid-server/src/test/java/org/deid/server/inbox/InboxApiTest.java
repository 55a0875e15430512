package org.deid.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.api.ServerApp;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inbox rules with HTTP uploads against a real server: one job per new content, never more. */
class InboxApiTest {
  @TempDir Path dir;
  private DeidServer server;
  private Api admin;
  private Fixture.ClientSetup clinic;
  private Api api;
  private WebhookListener webhook;

  @BeforeEach
  void start() throws Exception {
    server =
        TestServer.start(
            TestServer.settings(dir).withLimits(new ServerApp.Limits(1000, 1 << 20, 1000, 1000)),
            TestServer.ingest(),
            new LineEngine(),
            Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    clinic = Fixture.client(admin, "clinic");
    api = Api.as(server.port(), clinic.apiKey());
    webhook = new WebhookListener();
    admin.putJson(
        "/v1/admin/clients/" + clinic.id() + "/notifications",
        Map.of("webhooks", List.of(webhook.url())));
    Api.Response rule = setRule(clinic.id(), "inbox/*.csv", "out/");
    assertThat(rule.status()).as(rule.text()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
    webhook.close();
  }

  private Api.Response setRule(String clientId, String glob, String output) {
    return admin.putJson(
        "/v1/admin/clients/" + clientId + "/inbox-rules",
        Map.of("path", glob, "outputPrefix", output));
  }

  private void upload(String key, String content) {
    Api.Response put = api.put("/v1/files/" + key, content.getBytes(StandardCharsets.UTF_8));
    assertThat(put.status()).as(put.text()).isEqualTo(201);
  }

  /** Waits (generously, returning early) until {@code expected} starts exist, then settles. */
  private List<JsonNode> startsAfterSettling(int expected) {
    for (int i = 0; i < 3000 && starts().size() < expected; i++) {
      Fixture.sleep(25);
    }
    Fixture.sleep(800);
    return starts();
  }

  /**
   * The starts after a window of several inbox passes in which no further start is expected: the
   * window is fixed, since waiting for something that must not happen cannot return early.
   */
  private List<JsonNode> startsAfterQuietWindow() {
    Fixture.sleep(5000);
    return starts();
  }

  private List<JsonNode> starts() {
    List<JsonNode> all = new ArrayList<>();
    api.get("/v1/inbox/starts").json().path("starts").forEach(all::add);
    return all;
  }

  @Test
  void httpUpload_startsOneJob_sameContentAgainNone_newContentOneMore() {
    upload("inbox/a.csv", "id\n1\n");
    List<JsonNode> first = startsAfterSettling(1);
    assertThat(first).hasSize(1);
    assertThat(first.get(0).path("source").asText()).isEqualTo("http");
    JsonNode job = Fixture.awaitTerminal(api, first.get(0).path("jobId").asText());
    assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(api.get("/v1/files/out/a.csv").text())
        .isEqualTo(LineEngine.expectedOutput("id\n1\n"));

    upload("inbox/a.csv", "id\n1\n");
    assertThat(startsAfterQuietWindow()).hasSize(1);

    upload("inbox/a.csv", "id\n2\n");
    List<JsonNode> changed = startsAfterSettling(2);
    assertThat(changed).hasSize(2);
    assertThat(changed.get(0).path("generation").asLong()).isEqualTo(2);

    upload("inbox/a.csv", "id\n1\n");
    assertThat(startsAfterSettling(3)).as("back to the first content: changed again").hasSize(3);
    assertThat(api.get("/v1/jobs").json().path("jobs")).hasSize(3);
  }

  @Test
  void filesOutsideTheGlob_refusedUploads_andQuickReplacements_startNothingExtra() {
    upload("inbox/notes.txt", "not csv\n");
    upload("inbox/deeper/b.csv", "id\n1\n");
    upload("elsewhere/c.csv", "id\n1\n");
    Api.Response tooLarge = api.put("/v1/files/inbox/big.csv", new byte[2000]);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(startsAfterQuietWindow()).isEmpty();

    upload("inbox/quick.csv", "id\nfirst\n");
    upload("inbox/quick.csv", "id\nsecond\n");
    List<JsonNode> starts = startsAfterSettling(1);
    assertThat(starts).hasSize(1);
    assertThat(api.get("/v1/files/out/quick.csv").status()).isIn(200, 404);
    JsonNode job = Fixture.awaitTerminal(api, starts.get(0).path("jobId").asText());
    assertThat(job.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(api.get("/v1/files/out/quick.csv").text())
        .isEqualTo(LineEngine.expectedOutput("id\nsecond\n"));
  }

  @Test
  void aFileWrittenStraightToTheStorage_isFoundByTheScan() throws Exception {
    new ClientFiles(new LocalObjectStorage(dir.resolve("storage")), clinic.id())
        .put(
            "inbox/direct.csv",
            new java.io.ByteArrayInputStream("id\n9\n".getBytes(StandardCharsets.UTF_8)),
            1000,
            Optional.empty());

    List<JsonNode> starts = startsAfterSettling(1);
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).path("source").asText()).isEqualTo("scan");
  }

  @Test
  void aClientWithoutKeys_getsTheRefusalNotified_andNoJob() throws Exception {
    Api.Response created = admin.post("/v1/admin/clients", Map.of("name", "newcomer"));
    String id = created.json().path("id").asText();
    admin.put(
        "/v1/admin/clients/" + id + "/policy", "policy: test\n".getBytes(StandardCharsets.UTF_8));
    admin.putJson(
        "/v1/admin/clients/" + id + "/notifications", Map.of("webhooks", List.of(webhook.url())));
    Api newcomer =
        Api.as(
            server.port(),
            admin
                .post("/v1/admin/clients/" + id + "/api-keys", Map.of())
                .json()
                .path("apiKey")
                .asText());
    assertThat(setRule(id, "drop/*.csv", "done/").status()).isEqualTo(200);

    newcomer.put("/v1/files/drop/x.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));

    for (int i = 0; i < 3000 && webhook.calls().isEmpty(); i++) {
      Fixture.sleep(25);
    }
    assertThat(webhook.calls()).hasSize(1);
    String body = new String(webhook.calls().get(0).body(), StandardCharsets.UTF_8);
    assertThat(body).contains("\"event\":\"inbox.job_refused\"", "no keys yet", "drop/x.csv");
    assertThat(webhook.calls().get(0).headers().get("X-Deid-Event-Id")).startsWith("activity-");
    assertThat(newcomer.get("/v1/jobs").json().path("jobs")).isEmpty();
    assertThat(newcomer.get("/v1/inbox/starts").json().path("starts")).isEmpty();
  }

  @Test
  void rules_areValidated_listed_visibleToTheirClientOnly_andRemovable() {
    assertThat(setRule(clinic.id(), "*.csv", "out/").status()).isEqualTo(400);
    assertThat(setRule(clinic.id(), "inbox/*.csv", "inbox/done/").status()).isEqualTo(400);
    assertThat(setRule(clinic.id(), "in/*.csv", "").status()).isEqualTo(400);
    assertThat(setRule(clinic.id(), "../*.csv", "out/").status()).isEqualTo(400);
    assertThat(setRule("cl_nobody", "in/*.csv", "out/").status()).isEqualTo(404);
    Api.Response badVersion =
        admin.putJson(
            "/v1/admin/clients/" + clinic.id() + "/inbox-rules",
            Map.of("path", "in/*.csv", "outputPrefix", "out/", "policyVersion", 99));
    assertThat(badVersion.status()).isEqualTo(404);

    assertThat(setRule(clinic.id(), "out/*.csv", "final/").status())
        .as("a rule on another rule's outputs")
        .isEqualTo(400);
    assertThat(setRule(clinic.id(), "drop/*.csv", "inbox/").status())
        .as("outputs into another rule's folder")
        .isEqualTo(400);
    Api.Response changed = setRule(clinic.id(), "inbox/*.csv", "results");
    assertThat(changed.json().path("outputPrefix").asText()).isEqualTo("results/");
    JsonNode rules = admin.get("/v1/admin/clients/" + clinic.id() + "/inbox-rules").json();
    assertThat(rules.path("rules")).hasSize(1);
    assertThat(api.get("/v1/inbox/rules").json().path("rules")).hasSize(1);
    assertThat(api.get("/v1/admin/clients/" + clinic.id() + "/inbox-rules").status())
        .isEqualTo(404);
    Fixture.ClientSetup other = Fixture.client(admin, "other");
    assertThat(Api.as(server.port(), other.apiKey()).get("/v1/inbox/rules").json().path("rules"))
        .isEmpty();

    Api.Response reserved =
        api.post(
            "/v1/jobs",
            Map.of(
                "inputs", List.of("x.csv"), "outputPrefix", "o/", "idempotencyKey", "inbox:mine"));
    assertThat(reserved.status()).isEqualTo(400);

    String ruleId = rules.path("rules").get(0).path("ruleId").asText();
    assertThat(admin.delete("/v1/admin/clients/" + clinic.id() + "/inbox-rules/" + ruleId).status())
        .isEqualTo(204);
    upload("inbox/after.csv", "id\n1\n");
    assertThat(startsAfterQuietWindow()).isEmpty();
  }
}
