package org.deid.server.onprem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.tenant.TenantService;
import org.deid.server.testing.Api;
import org.deid.server.testing.CliProcess;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.SettableClock;
import org.deid.server.testing.TestServer;
import org.deid.server.worker.CoreJobRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-prem CLI against a real server on port 0, each {@code deid} call a separate process with
 * its own home, config and temporary folders: login, tokenize with the server's policy and keys,
 * run summaries, failures before any row is read, and key rotation with re-keying.
 */
class OnPremCliTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @TempDir Path work;
  private static DeidServer server;
  private static Api admin;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.settings(dataDir), new CoreJobRunner(), Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dataDir));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A client with the example policy and keys, and an API key file. */
  record Clinic(String id, String keyId, Path apiKeyFile, String apiKey) {}

  static Clinic clinic(DeidServer on, String name, Path dir) throws Exception {
    TenantService tenants = on.tenants();
    String id = tenants.createClient(name).client().id();
    tenants.storePolicy(id, Files.readAllBytes(EXAMPLES.resolve("safe-harbor.yaml")));
    tenants.storeKeys(id, Files.readAllBytes(EXAMPLES.resolve("demo-keys.json")));
    TenantService.IssuedKey key = tenants.issueKey(id);
    Path file = dir.resolve(name + ".key");
    Files.writeString(file, key.apiKey() + "\n", StandardCharsets.US_ASCII);
    return new Clinic(id, key.keyId(), file, key.apiKey());
  }

  private static void login(CliProcess cli, DeidServer on, Clinic clinic) throws Exception {
    CliProcess.Result login =
        cli.run("login", "--server", url(on), "--api-key-file", clinic.apiKeyFile().toString());
    assertThat(login.exitCode()).as(login.all()).isZero();
  }

  private static CliProcess.Result tokenizeSample(CliProcess cli, Path out) throws Exception {
    return cli.run(
        "tokenize",
        "--server-config",
        "--out",
        out.toString(),
        EXAMPLES.resolve("patients.csv").toString());
  }

  /** A valid run summary with no files, as the CLI would send it. */
  private static Map<String, Object> runSummary(List<String> keyIds) {
    Map<String, Object> summary = new java.util.LinkedHashMap<>();
    summary.put("toolVersion", "test");
    summary.put("policyVersion", 1);
    summary.put("keysVersion", 1);
    summary.put("keyIds", keyIds);
    summary.put("files", List.of());
    summary.put("startedAt", "2026-01-01T00:00:00Z");
    summary.put("durationMillis", 5);
    summary.put("exitStatus", 0);
    return summary;
  }

  private static String url(DeidServer on) {
    return "http://127.0.0.1:" + on.port();
  }

  @Test
  void login_tokenizeWithServerConfig_equalsOffline_isAudited_andLeavesNoKeyBytes()
      throws Exception {
    Clinic clinic = clinic(server, "onprem-a", work);
    CliProcess cli = CliProcess.in(work.resolve("user"));
    Path input = EXAMPLES.resolve("patients.csv");

    CliProcess.Result login =
        cli.run("login", "--server", url(server), "--api-key-file", clinic.apiKeyFile().toString());
    assertThat(login.exitCode()).as(login.all()).isZero();
    Path credentials = cli.configHome().resolve("deid/credentials.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())))
        .isEqualTo("rwx------");
    assertThat(login.all()).doesNotContain(clinic.apiKey());

    CliProcess.Result whoami = cli.run("whoami");
    assertThat(whoami.exitCode()).as(whoami.all()).isZero();
    assertThat(whoami.out())
        .contains("onprem-a", clinic.id(), url(server), "policy version 1", "663622566")
        .contains("link-b4a8b54a", "prf-4b0f333b");

    Path online = work.resolve("online");
    CliProcess.Result tokenized =
        cli.run(
            "tokenize", "--server-config", "--quiet", "--out", online.toString(), input.toString());
    assertThat(tokenized.exitCode()).as(tokenized.all()).isZero();
    Path offline = work.resolve("offline");
    CliProcess.Result local =
        cli.run(
            "tokenize",
            "--policy",
            EXAMPLES.resolve("safe-harbor.yaml").toString(),
            "--keys",
            EXAMPLES.resolve("demo-keys.json").toString(),
            "--quiet",
            "--out",
            offline.toString(),
            input.toString());
    assertThat(local.exitCode()).as(local.all()).isZero();
    assertThat(Files.readAllBytes(online.resolve("patients.csv")))
        .isEqualTo(Files.readAllBytes(offline.resolve("patients.csv")));
    JsonNode report = JSON.readTree(online.resolve("patients.report.json").toFile());
    assertThat(report.toString()).contains("663622566", "link-b4a8b54a");
    assertThat(report.get("server").get("url").asText()).isEqualTo(url(server));
    assertThat(report.get("server").get("client_id").asText()).isEqualTo(clinic.id());
    assertThat(report.get("server").get("policy_version").asInt()).isEqualTo(1);
    assertThat(report.get("server").get("keys_version").asInt()).isEqualTo(1);
    JsonNode offlineReport = JSON.readTree(offline.resolve("patients.report.json").toFile());
    assertThat(offlineReport.has("server")).isFalse();
    assertThat(report.get("policy")).isEqualTo(offlineReport.get("policy"));
    assertThat(report.get("keys")).isEqualTo(offlineReport.get("keys"));

    JsonNode runs = Api.as(server.port(), clinic.apiKey()).get("/v1/runs").json().get("runs");
    assertThat(runs).hasSize(1);
    JsonNode summary = runs.get(0).get("summary");
    assertThat(summary.get("exitStatus").asInt()).isZero();
    assertThat(summary.get("policyVersion").asInt()).isEqualTo(1);
    assertThat(summary.get("keyIds").toString()).contains("663622566", "link-b4a8b54a");
    JsonNode file = summary.get("files").get(0);
    assertThat(file.get("input").asText()).isEqualTo("patients.csv");
    assertThat(file.get("inputBytes").asLong()).isEqualTo(Files.size(input));
    assertThat(file.get("outputBytes").asLong())
        .isEqualTo(Files.size(online.resolve("patients.csv")));
    assertThat(file.get("rowsRead").asLong()).isEqualTo(1200);
    assertThat(runs.get(0).toString()).doesNotContain("Adams");
    JsonNode adminView = admin.get("/v1/admin/clients/" + clinic.id() + "/runs").json();
    assertThat(adminView.get("runs").get(0).get("id").asText())
        .isEqualTo(runs.get(0).get("id").asText());
    CliProcess.Result ownRuns = cli.run("runs");
    assertThat(ownRuns.exitCode()).as(ownRuns.all()).isZero();
    assertThat(ownRuns.out())
        .contains(runs.get(0).get("id").asText(), "exit=0", "policy=v1", "rows read=1200");
    CliProcess.Result adminRuns =
        cli.run(
            "admin",
            "client",
            "runs",
            clinic.id(),
            "--server",
            url(server),
            "--api-key-file",
            dataDir.resolve("admin.key").toString());
    assertThat(adminRuns.exitCode()).as(adminRuns.all()).isZero();
    assertThat(adminRuns.out()).contains(runs.get(0).get("id").asText());

    KeyBytesScan scan = new KeyBytesScan(Files.readAllBytes(EXAMPLES.resolve("demo-keys.json")));
    assertThat(scan.findIn(cli.home(), cli.tmp(), online)).isEmpty();
    assertThat(scan.foundInText(tokenized.all() + whoami.all() + login.all())).isFalse();

    CliProcess.Result logout = cli.run("logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(credentials).doesNotExist();
  }

  @Test
  void login_keyFromTheEnvironmentOrAPrompt_isCheckedStoredAndNeverShown() throws Exception {
    Clinic clinic = clinic(server, "onprem-env", work);
    CliProcess cli = CliProcess.in(work.resolve("user"));

    CliProcess.Result fromEnv =
        cli.run(
            Map.of("DEID_SERVER", url(server), "DEID_API_KEY_FILE", clinic.apiKeyFile().toString()),
            "login");
    assertThat(fromEnv.exitCode()).as(fromEnv.all()).isZero();
    assertThat(fromEnv.out()).contains("onprem-env", clinic.id());
    assertThat(cli.run("whoami").out()).contains(clinic.id(), "policy version 1");
    assertThat(cli.run("logout").exitCode()).isZero();

    CliProcess.Result noTerminal = cli.run("login", "--server", url(server));
    assertThat(noTerminal.exitCode()).isEqualTo(2);
    assertThat(noTerminal.err()).contains("no terminal to prompt on");
    Path credentials = cli.configHome().resolve("deid/credentials.json");
    assertThat(credentials).doesNotExist();

    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux script provides the terminal for the prompt");
    CliProcess.Result prompted =
        cli.runOnTerminal("API key:", clinic.apiKey(), "login", "--server", url(server));
    assertThat(prompted.exitCode()).as(prompted.out()).isZero();
    assertThat(prompted.out()).contains("logged in to " + url(server), "onprem-env");
    assertThat(prompted.out()).as("the key is not echoed").doesNotContain(clinic.apiKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
        .isEqualTo("rw-------");
    assertThat(cli.run("whoami").out()).contains(clinic.id());

    Path wrongKey = Files.writeString(work.resolve("wrong.key"), "deid_wrong\n");
    CliProcess.Result refused =
        cli.run("login", "--server", url(server), "--api-key-file", wrongKey.toString());
    assertThat(refused.exitCode()).isEqualTo(5);
    assertThat(refused.err()).contains("refused the API key");
    assertThat(cli.run("whoami").out()).as("the earlier login is kept").contains(clinic.id());
  }

  @Test
  void anotherClient_seesNoneOfTheRuns_andAdminRoutesAnswer404() throws Exception {
    Clinic first = clinic(server, "onprem-iso-1", work);
    Clinic second = clinic(server, "onprem-iso-2", work);
    Map<String, Object> summary = runSummary(List.of("663622566"));
    assertThat(Api.as(server.port(), first.apiKey()).post("/v1/runs", summary).status())
        .isEqualTo(201);

    Api other = Api.as(server.port(), second.apiKey());
    assertThat(other.get("/v1/runs").json().get("runs")).isEmpty();
    assertThat(other.get("/v1/admin/clients/" + first.id() + "/runs").status()).isEqualTo(404);
    assertThat(other.post("/v1/admin/clients/" + first.id() + "/keys/rotate", Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void runSummary_withAFieldThatIsNotDocumented_isRefusedWithoutEchoingIt() {
    Clinic clinic;
    try {
      clinic = clinic(server, "onprem-strict", work);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Api api = Api.as(server.port(), clinic.apiKey());
    Map<String, Object> smuggled = runSummary(List.of());
    smuggled.put("rows", List.of("Zelda Secretname"));
    Api.Response refused = api.post("/v1/runs", smuggled);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).doesNotContain("Zelda");
    Map<String, Object> badName = runSummary(List.of("not a key id: Zelda"));
    Api.Response refusedId = api.post("/v1/runs", badName);
    assertThat(refusedId.status()).isEqualTo(400);
    assertThat(refusedId.text()).contains("keyIds[0]").doesNotContain("Zelda");
    assertThat(api.get("/v1/runs").json().get("runs")).isEmpty();
  }

  @Test
  void config_isNotCacheable_andWhoamiShowsNoKeyBytes() throws Exception {
    Clinic clinic = clinic(server, "onprem-config", work);
    Api api = Api.as(server.port(), clinic.apiKey());

    Api.Response config = api.get("/v1/config");
    Api.Response whoami = api.get("/v1/whoami");

    assertThat(config.status()).isEqualTo(200);
    assertThat(config.headers().firstValue("Cache-Control")).contains("no-store");
    KeyBytesScan scan = new KeyBytesScan(Files.readAllBytes(EXAMPLES.resolve("demo-keys.json")));
    assertThat(scan.foundInText(config.text())).isTrue();
    assertThat(scan.foundInText(whoami.text())).isFalse();
    assertThat(scan.foundInText(admin.get("/v1/admin/audit?limit=1000").text())).isFalse();
    assertThat(admin.get("/v1/config").status()).isEqualTo(403);
  }

  @Test
  void revokedKey_stopsBeforeAnyRow_withAMessageAndNoOutput() throws Exception {
    Clinic clinic = clinic(server, "onprem-revoked", work);
    CliProcess cli = CliProcess.in(work.resolve("user"));
    login(cli, server, clinic);
    server.tenants().revokeKey(clinic.id(), clinic.keyId());

    Path out = work.resolve("out");
    CliProcess.Result run = tokenizeSample(cli, out);

    assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
    assertThat(run.err()).contains("revoked");
    assertThat(CliProcess.filesUnder(out)).isEmpty();
  }

  @Test
  void expiredKey_stopsBeforeAnyRow_withAMessageAndNoOutput() throws Exception {
    SettableClock clock = new SettableClock(java.time.Instant.parse("2026-06-01T00:00:00Z"));
    Path data = work.resolve("expiring");
    DeidServer other =
        DeidServer.start(
            TestServer.settings(data),
            new CoreJobRunner(),
            Optional.empty(),
            TestServer.ENV,
            clock);
    try {
      Api otherAdmin = Api.as(other.port(), Fixture.adminKey(data));
      String id = clinic(other, "onprem-expiring", work).id();
      Api.Response past =
          otherAdmin.post(
              "/v1/admin/clients/" + id + "/api-keys", Map.of("expiresAt", "2026-05-31T00:00:00Z"));
      assertThat(past.status()).isEqualTo(400);
      JsonNode issued =
          otherAdmin
              .post(
                  "/v1/admin/clients/" + id + "/api-keys",
                  Map.of("expiresAt", "2026-06-01T01:00:00Z"))
              .json();
      assertThat(issued.get("expiresAt").asText()).isEqualTo("2026-06-01T01:00:00Z");
      Path keyFile = Files.writeString(work.resolve("expiring.key"), issued.get("apiKey").asText());
      CliProcess cli = CliProcess.in(work.resolve("user"));
      CliProcess.Result login =
          cli.run("login", "--server", url(other), "--api-key-file", keyFile.toString());
      assertThat(login.exitCode()).as(login.all()).isZero();

      clock.advance(java.time.Duration.ofHours(2));
      Path out = work.resolve("out");
      CliProcess.Result run = tokenizeSample(cli, out);

      assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
      assertThat(run.err()).contains("the API key has expired");
      assertThat(CliProcess.filesUnder(out)).isEmpty();
    } finally {
      other.close();
    }
  }

  @Test
  void stoppedServer_stopsBeforeAnyRow_withAMessageAndNoOutput() throws Exception {
    DeidServer other =
        TestServer.start(
            TestServer.settings(work.resolve("data")), new CoreJobRunner(), Optional.empty());
    CliProcess cli = CliProcess.in(work.resolve("user"));
    try {
      Clinic clinic = clinic(other, "onprem-stopped", work);
      login(cli, other, clinic);
    } finally {
      other.close();
    }

    Path out = work.resolve("out");
    CliProcess.Result run = tokenizeSample(cli, out);

    assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
    assertThat(run.err()).contains("cannot reach the server");
    assertThat(CliProcess.filesUnder(out)).isEmpty();
  }

  @Test
  void failedRun_isStillSummarized_withItsExitStatus_andNoValue() throws Exception {
    Clinic clinic = clinic(server, "onprem-failed", work);
    CliProcess cli = CliProcess.in(work.resolve("user"));
    login(cli, server, clinic);
    Path odd = work.resolve("odd.csv");
    Files.writeString(odd, "record_id,surprise_column\nR1,Zelda Secretname\n");
    Path out = work.resolve("out");

    CliProcess.Result run =
        cli.run("tokenize", "--server-config", "--out", out.toString(), odd.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
    assertThat(CliProcess.filesUnder(out)).isEmpty();
    JsonNode runs = Api.as(server.port(), clinic.apiKey()).get("/v1/runs").json().get("runs");
    assertThat(runs).hasSize(1);
    JsonNode summary = runs.get(0).get("summary");
    assertThat(summary.get("exitStatus").asInt()).isEqualTo(3);
    assertThat(summary.get("files").get(0).get("input").asText()).isEqualTo("odd.csv");
    assertThat(summary.get("files").get(0).get("output").asText()).isEmpty();
    assertThat(runs.toString()).doesNotContain("Zelda", "surprise_column");
  }

  @Test
  void notLoggedIn_tokenizeWithServerConfig_saysSo() throws Exception {
    CliProcess cli = CliProcess.in(work.resolve("user"));
    Path out = work.resolve("out");

    CliProcess.Result run = tokenizeSample(cli, out);

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err()).contains("not logged in");
    assertThat(CliProcess.filesUnder(out)).isEmpty();
  }

  @Test
  void rotation_rekeyOfOldOutput_equalsFreshTokenizationUnderTheNewKey() throws Exception {
    Clinic clinic = clinic(server, "onprem-rotate", work);
    CliProcess cli = CliProcess.in(work.resolve("user"));
    Path input = EXAMPLES.resolve("patients.csv");
    login(cli, server, clinic);
    Path before = work.resolve("before");
    assertThat(
            cli.run(
                    "tokenize",
                    "--server-config",
                    "--quiet",
                    "--out",
                    before.toString(),
                    input.toString())
                .exitCode())
        .isZero();

    CliProcess.Result rotated =
        cli.run(
            "admin",
            "client",
            "rotate-keys",
            clinic.id(),
            "--server",
            url(server),
            "--api-key-file",
            dataDir.resolve("admin.key").toString());
    assertThat(rotated.exitCode()).as(rotated.all()).isZero();
    assertThat(rotated.out()).contains("key version 2");
    assertThat(cli.run("whoami").out()).contains("key version 2");

    Path after = work.resolve("after");
    CliProcess.Result fresh =
        cli.run(
            "tokenize", "--server-config", "--quiet", "--out", after.toString(), input.toString());
    assertThat(fresh.exitCode()).as(fresh.all()).isZero();
    Path rekeyed = work.resolve("rekeyed");
    CliProcess.Result rekey =
        cli.run(
            "rekey",
            "--server-config",
            "--out",
            rekeyed.toString(),
            before.resolve("patients.csv").toString());
    assertThat(rekey.exitCode()).as(rekey.all()).isZero();

    byte[] old = Files.readAllBytes(before.resolve("patients.csv"));
    byte[] renewed = Files.readAllBytes(after.resolve("patients.csv"));
    assertThat(renewed).isNotEqualTo(old);
    assertThat(
            JSON.readTree(after.resolve("patients.report.json").toFile())
                .get("server")
                .get("keys_version")
                .asInt())
        .isEqualTo(2);
    assertThat(Files.readAllBytes(rekeyed.resolve("patients.csv"))).isEqualTo(renewed);
    JsonNode runs = Api.as(server.port(), clinic.apiKey()).get("/v1/runs").json().get("runs");
    assertThat(runs).as("tokenize, tokenize, rekey").hasSize(3);
    JsonNode rekeySummary = runs.get(0).get("summary");
    assertThat(rekeySummary.get("keysVersion").asInt()).isEqualTo(2);
    assertThat(rekeySummary.get("exitStatus").asInt()).isZero();
    JsonNode rekeyedFile = rekeySummary.get("files").get(0);
    assertThat(rekeyedFile.get("input").asText()).isEqualTo("patients.csv");
    assertThat(rekeyedFile.get("rowsWritten").asLong())
        .isEqualTo(runs.get(1).get("summary").get("files").get(0).get("rowsWritten").asLong())
        .isPositive();

    byte[] rotatedKeys = server.tenants().openKeys(clinic.id(), 2);
    KeyBytesScan scan = new KeyBytesScan(rotatedKeys);
    assertThat(scan.keyCount()).isEqualTo(4);
    assertThat(scan.findIn(cli.home(), cli.tmp(), before, after, rekeyed)).isEmpty();
  }
}
