package org.deid.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.InProcessCli;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.deid.server.worker.CoreJobRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with the real core engine: the same input, policy and keys give the same bytes as
 * {@code deid tokenize}; bad inputs fail the job with a reason that names no value.
 */
class CoreEndToEndTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir static Path dir;
  @TempDir static Path work;
  private static DeidServer server;
  private static Api admin;
  private static Api api;
  private static String clientId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.settings(dir), new CoreJobRunner(), Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    Fixture.ClientSetup clinic = Fixture.exampleClient(admin, "clinic", EXAMPLES);
    clientId = clinic.id();
    api = Api.as(server.port(), clinic.apiKey());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode runJob(String remote, byte[] content) {
    assertThat(api.put("/v1/files/" + remote, content).status()).isEqualTo(201);
    return Fixture.awaitTerminal(api, Fixture.submit(api, List.of(remote), "out/"));
  }

  @Test
  void samplePatients_outputIsByteIdenticalToDeidTokenize() throws Exception {
    Path input = EXAMPLES.resolve("patients.csv");

    JsonNode job = runJob("inbox/patients.csv", Files.readAllBytes(input));

    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("outputs").get(0).get("rowsRead").asLong()).isEqualTo(1200);
    byte[] served = api.get("/v1/files/out/patients.csv").body();
    assertThat(served).isEqualTo(InProcessCli.tokenizeExample(input, work));
    JsonNode report = api.get("/v1/files/out/patients.report.json").json();
    assertThat(report.toString()).doesNotContain("Adams").doesNotContain("255-68-2542");
  }

  @Test
  void gzipInput_givesAGzipOutputIdenticalToDeidTokenize() throws Exception {
    Path gz = work.resolve("visits.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(EXAMPLES.resolve("patients.csv")));
    }

    JsonNode job = runJob("inbox/visits.csv.gz", Files.readAllBytes(gz));

    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("outputs").get(0).get("output").asText()).isEqualTo("out/visits.csv.gz");
    assertThat(job.get("outputs").get(0).get("report").asText())
        .isEqualTo("out/visits.report.json");
    assertThat(api.get("/v1/files/out/visits.csv.gz").body())
        .isEqualTo(InProcessCli.tokenizeExample(gz, work));
  }

  @Test
  void inputWithAnUnexpectedColumn_failsWithAReasonThatNamesNoValue() {
    String csv = "record_id,surprise_column\nR1,Zelda Secretname\n";

    JsonNode job = runJob("inbox/odd.csv", csv.getBytes(StandardCharsets.UTF_8));

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
    assertThat(job.get("reason").asText())
        .startsWith("odd.csv: policy: columns: ")
        .doesNotContain("odd.csv: odd.csv")
        .doesNotContain("Zelda");
    assertThat(api.get("/v1/files?prefix=out/odd").json().get("files")).isEmpty();
  }

  @Test
  void malformedRowUnderAFailPolicy_failsOnceWithTheLine_andNotifiesOnce() throws Exception {
    String strict =
        Files.readString(EXAMPLES.resolve("safe-harbor.yaml"))
            .replace("malformed_rows: reject", "malformed_rows: fail");
    Api.Response stored =
        admin.put(
            "/v1/admin/clients/" + clientId + "/policy", strict.getBytes(StandardCharsets.UTF_8));
    assertThat(stored.status()).as(stored.text()).isEqualTo(201);
    int version = stored.json().get("version").asInt();
    List<String> lines =
        Files.readAllLines(EXAMPLES.resolve("patients.csv"), StandardCharsets.UTF_8);
    String csv = lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2) + ",Zelda,extra\n";
    try (WebhookListener webhook = new WebhookListener()) {
      admin.putJson(
          "/v1/admin/clients/" + clientId + "/notifications",
          Map.of("webhooks", List.of(webhook.url())));
      api.put("/v1/files/inbox/ragged.csv", csv.getBytes(StandardCharsets.UTF_8));
      Api.Response submitted =
          api.post(
              "/v1/jobs",
              Map.of(
                  "inputs",
                  List.of("inbox/ragged.csv"),
                  "outputPrefix",
                  "out/",
                  "policyVersion",
                  version));
      JsonNode job = Fixture.awaitTerminal(api, submitted.json().get("id").asText());

      assertThat(job.get("state").asText()).isEqualTo("FAILED");
      assertThat(job.get("attempts").asInt()).isEqualTo(1);
      assertThat(job.get("reason").asText()).contains("ragged.csv", "3").doesNotContain("Zelda");
      assertThat(api.get("/v1/files?prefix=out/ragged").json().get("files")).isEmpty();
      for (int i = 0; i < 3000 && webhook.calls().isEmpty(); i++) {
        Fixture.sleep(20);
      }
      Fixture.sleep(300);
      assertThat(webhook.calls()).hasSize(1);
    } finally {
      admin.putJson("/v1/admin/clients/" + clientId + "/notifications", Map.of());
      // the other tests use the current version: make the example policy current again
      admin.put(
          "/v1/admin/clients/" + clientId + "/policy",
          Files.readAllBytes(EXAMPLES.resolve("safe-harbor.yaml")));
    }
  }

  @Test
  void notGzipAlthoughNamedGz_failsWithAClearReason() {
    JsonNode job =
        runJob("inbox/broken.csv.gz", "record_id\nR1\n".getBytes(StandardCharsets.UTF_8));

    assertThat(job.get("state").asText()).isEqualTo("FAILED");
    assertThat(job.get("reason").asText()).contains("broken.csv.gz");
  }

  @Test
  void invalidPolicy_isRefusedAtUpload_withTheKeyPath() {
    Api.Response response =
        admin.put(
            "/v1/admin/clients/" + clientId + "/policy",
            "deid_policy: 1\nname: x\ncolumns: 7\n".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).startsWith("invalid policy: ");
  }

  @Test
  void keyVersions_showIdsAndFingerprints_neverSecrets() throws Exception {
    JsonNode versions = admin.get("/v1/admin/clients/" + clientId + "/keys").json();
    String keyFile = Files.readString(EXAMPLES.resolve("demo-keys.json"));

    assertThat(versions.get("versions").get(0).get("description").asText()).contains("fingerprint");
    JsonNode secrets = new com.fasterxml.jackson.databind.ObjectMapper().readTree(keyFile);
    ByteArrayOutputStream values = new ByteArrayOutputStream();
    secrets
        .findValuesAsText("value")
        .forEach(v -> values.writeBytes(v.getBytes(StandardCharsets.UTF_8)));
    for (String secret : secrets.findValuesAsText("value")) {
      assertThat(versions.toString()).doesNotContain(secret);
    }
  }
}
