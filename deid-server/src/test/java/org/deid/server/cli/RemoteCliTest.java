package org.deid.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.notify.WebhookSignature;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.CliProcess;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.InProcessCli;
import org.deid.server.testing.InProcessCli.Run;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code deid admin|files|jobs} commands run black-box against a real server on port 0. */
class RemoteCliTest {
  private static final String INPUT = "id,name\n1,ana\n2,bob\n";

  @TempDir Path dir;
  @TempDir Path work;
  private DeidServer server;
  private String url;

  @BeforeEach
  void start() {
    server = TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty());
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Run deid(Path keyFile, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(url);
    all.add("--api-key-file");
    all.add(keyFile.toString());
    return InProcessCli.run(all.toArray(new String[0]));
  }

  private static final Path POLICY = Path.of("..", "examples", "safe-harbor.yaml");
  private static final Path KEYS = Path.of("..", "examples", "demo-keys.json");

  /** {@code deid admin client create NAME --policy P --keys KEYS --api-key-out F EXTRA...}. */
  private Run create(String name, Path policy, Path apiKeyOut, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "admin",
                "client",
                "create",
                name,
                "--policy",
                policy.toString(),
                "--keys",
                KEYS.toString(),
                "--api-key-out",
                apiKeyOut.toString()));
    args.addAll(List.of(extra));
    return deid(dir.resolve("admin.key"), args.toArray(new String[0]));
  }

  private Path clientKey() throws Exception {
    Path policy = POLICY;
    Path apiKey = work.resolve("clinic.key");
    Run created = create("clinic", policy, apiKey, "--notify-email", "ops@clinic.example");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out().strip()).startsWith("cl_");
    assertThat(Files.getPosixFilePermissions(apiKey))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    return apiKey;
  }

  @Test
  void putSubmitWaitGet_roundTripsThroughTheServer() throws Exception {
    Path key = clientKey();
    Path local = Files.writeString(work.resolve("patients.csv"), INPUT);

    Run put = deid(key, "files", "put", local.toString(), "inbox/patients.csv");
    assertThat(put.exitCode()).as(put.err()).isZero();
    Run submit =
        deid(key, "jobs", "submit", "--input", "inbox/patients.csv", "--output", "out/", "--wait");
    assertThat(submit.exitCode()).as(submit.err()).isZero();
    String jobId = submit.out().strip();
    assertThat(jobId).startsWith("job_").doesNotContain("\n");
    assertThat(submit.err()).contains("SUCCEEDED", "out/patients.csv");

    Path downloaded = work.resolve("result.csv");
    assertThat(deid(key, "files", "get", "out/patients.csv", downloaded.toString()).exitCode())
        .isZero();
    assertThat(Files.readString(downloaded)).isEqualTo(LineEngine.expectedOutput(INPUT));
    assertThat(deid(key, "files", "ls", "out/").out())
        .contains("out/patients.csv\t", "out/patients.report.json\t");
    assertThat(deid(key, "jobs", "status", jobId).out()).startsWith(jobId + "\tSUCCEEDED");
    assertThat(deid(key, "jobs", "ls").out()).contains(jobId);
    assertThat(deid(key, "jobs", "ls", "--state", "succeeded", "--all").out()).contains(jobId);
    assertThat(deid(key, "jobs", "ls", "--state", "FAILED").out()).doesNotContain(jobId);
    assertThat(deid(key, "jobs", "ls", "--state", "DONE").exitCode()).isNotZero();
    assertThat(deid(key, "jobs", "wait", jobId).exitCode()).isZero();
  }

  @Test
  void filesLs_followsThePages_pastTheServersPageOfAThousand() throws Exception {
    Path key = clientKey();
    String clientId =
        Api.as(server.port(), Files.readString(key).strip())
            .get("/v1/whoami")
            .json()
            .get("clientId")
            .asText();
    // straight into the storage: a thousand uploads would only meet the API's rate limit
    ClientFiles files = new ClientFiles(new LocalObjectStorage(dir.resolve("storage")), clientId);
    for (int i = 0; i < 1003; i++) {
      files.put(
          String.format(java.util.Locale.ROOT, "many/f%04d.csv", i),
          new java.io.ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)),
          100,
          Optional.empty());
    }

    Run ls = deid(key, "files", "ls", "many/");

    assertThat(ls.exitCode()).as(ls.err()).isZero();
    List<String> lines = ls.out().lines().toList();
    assertThat(lines).hasSize(1003);
    assertThat(lines.get(0)).startsWith("many/f0000.csv\t");
    assertThat(lines.get(1002)).startsWith("many/f1002.csv\t");
  }

  @Test
  void submitWithoutWait_printsOnlyTheId_andWaitOnAFailedJobExitsNonZero() throws Exception {
    Path key = clientKey();
    Path bad = Files.writeString(work.resolve("bad.csv"), "id\nMALFORMED\n");
    deid(key, "files", "put", bad.toString(), "in/bad.csv");

    Run submit = deid(key, "jobs", "submit", "--input", "in/bad.csv", "--output", "out/");
    assertThat(submit.exitCode()).isZero();
    assertThat(submit.out()).matches("job_[0-9a-f]+\\R");

    Run wait = deid(key, "jobs", "wait", submit.out().strip());
    assertThat(wait.exitCode()).isEqualTo(1);
    assertThat(wait.err()).contains("FAILED", "line 2: malformed record");
    Run submitWait =
        deid(key, "jobs", "submit", "--input", "in/bad.csv", "--output", "out/", "--wait");
    assertThat(submitWait.exitCode()).isEqualTo(1);
  }

  @Test
  void serverErrors_exitWithTheServerCode_andTheServersMessage() throws Exception {
    Path key = clientKey();

    Run missing = deid(key, "jobs", "status", "job_nope");
    assertThat(missing.exitCode()).isEqualTo(5);
    assertThat(missing.err()).contains("server answered 404: no such job");
    Path wrong = Files.writeString(work.resolve("wrong.key"), "deid_wrong\n");
    assertThat(deid(wrong, "jobs", "ls").exitCode()).isEqualTo(5);
    assertThat(deid(key, "files", "get", "nope.csv", work.resolve("x").toString()).exitCode())
        .isEqualTo(5);
    assertThat(Files.exists(work.resolve("x"))).isFalse();
    Run noFolder = deid(key, "files", "get", "nope.csv", work.resolve("missing/x").toString());
    assertThat(noFolder.exitCode()).isEqualTo(1);
    assertThat(noFolder.err()).contains("no such folder");
  }

  @Test
  void adminClientCommands_listIssueRevokeAndStoreVersions() throws Exception {
    Path first = clientKey();
    Path admin = dir.resolve("admin.key");
    String id = deid(admin, "admin", "client", "ls").out().split("\t")[0];
    assertThat(id).startsWith("cl_");
    Path second = work.resolve("second.key");

    Run issued =
        deid(admin, "admin", "client", "issue-key", id, "--api-key-out", second.toString());
    assertThat(issued.exitCode()).as(issued.err()).isZero();
    assertThat(Files.getPosixFilePermissions(second))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(issued.out()).doesNotContain(Files.readString(second).strip());
    assertThat(deid(second, "jobs", "ls").exitCode()).isZero();
    Run revoked = deid(admin, "admin", "client", "revoke-key", id, issued.out().strip());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertThat(deid(second, "jobs", "ls").exitCode()).isEqualTo(5);
    assertThat(deid(first, "jobs", "ls").exitCode()).isZero();
    assertThat(deid(admin, "admin", "client", "revoke-key", id, "key_none").exitCode())
        .isEqualTo(5);

    Path expiring = work.resolve("expiring.key");
    Run withExpiry =
        deid(
            admin,
            "admin",
            "client",
            "issue-key",
            id,
            "--api-key-out",
            expiring.toString(),
            "--expires-at",
            "2999-01-01T00:00:00Z");
    assertThat(withExpiry.exitCode()).as(withExpiry.err()).isZero();
    assertThat(deid(expiring, "jobs", "ls").exitCode()).isZero();
    Run expired =
        deid(
            admin,
            "admin",
            "client",
            "issue-key",
            id,
            "--api-key-out",
            work.resolve("never.key").toString(),
            "--expires-at",
            "2000-01-01T00:00:00Z");
    assertThat(expired.exitCode()).isEqualTo(5);
    assertThat(expired.err()).contains("'expiresAt' must be in the future");
    assertThat(work.resolve("never.key")).doesNotExist();

    Run policy = deid(admin, "admin", "client", "set-policy", id, POLICY.toString());
    assertThat(policy.exitCode()).as(policy.err()).isZero();
    assertThat(policy.out()).startsWith("policy version 2: ");
    Run keys = deid(admin, "admin", "client", "set-keys", id, KEYS.toString());
    assertThat(keys.out()).startsWith("key version 2: ");
    assertThat(keys.out()).doesNotContain("uVri7");
  }

  @Test
  void adminCreate_withAWebhook_writesItsSecret_andTheJobsCallIsSignedWithIt() throws Exception {
    try (WebhookListener webhook = new WebhookListener()) {
      Path apiKey = work.resolve("hooked.key");
      Run created = create("hooked", POLICY, apiKey, "--webhook", webhook.url());
      assertThat(created.exitCode()).as(created.err()).isZero();
      Path secretFile = work.resolve("hooked.key.webhook-secret");
      assertThat(created.err()).contains("webhook signing secret written to " + secretFile);
      assertThat(Files.getPosixFilePermissions(secretFile))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      Path local = Files.writeString(work.resolve("p.csv"), INPUT);
      deid(apiKey, "files", "put", local.toString(), "in/p.csv");

      Run submit =
          deid(apiKey, "jobs", "submit", "--input", "in/p.csv", "--output", "out/", "--wait");
      assertThat(submit.exitCode()).as(submit.err()).isZero();
      for (int i = 0; i < 3000 && webhook.calls().isEmpty(); i++) {
        Fixture.sleep(20);
      }

      assertThat(webhook.calls()).hasSize(1);
      WebhookListener.Call call = webhook.calls().get(0);
      byte[] secret = Files.readString(secretFile).strip().getBytes(StandardCharsets.US_ASCII);
      assertThat(
              WebhookSignature.verify(
                  secret,
                  call.headers().get("X-Deid-Timestamp"),
                  call.headers().get("X-Deid-Signature"),
                  call.body(),
                  java.time.Instant.now().getEpochSecond(),
                  300))
          .isTrue();
      assertThat(new String(call.body(), StandardCharsets.UTF_8))
          .contains(submit.out().strip(), "SUCCEEDED");
    }
  }

  @Test
  void adminCreate_withAnInvalidPolicy_createsNothing() throws Exception {
    Path bad = Files.writeString(work.resolve("bad.yaml"), "deid_policy: 1\nname: x\n");

    Run created = create("clinic", bad, work.resolve("clinic.key"));

    assertThat(created.exitCode()).isEqualTo(3);
    assertThat(created.err()).contains("bad.yaml");
    assertThat(deid(dir.resolve("admin.key"), "admin", "client", "ls").out()).isEmpty();
    assertThat(work.resolve("clinic.key")).doesNotExist();
  }

  @Test
  void missingServerOrKey_isAUsageError() {
    Run noServer = InProcessCli.run("jobs", "ls", "--api-key-file", "/nonexistent");
    assertThat(noServer.exitCode()).isEqualTo(2);
    assertThat(noServer.err()).contains("no server: use --server URL or set DEID_SERVER");
    Run noKeyFile =
        InProcessCli.run("jobs", "ls", "--server", url, "--api-key-file", "/nonexistent");
    assertThat(noKeyFile.exitCode()).isEqualTo(2);
    assertThat(noKeyFile.err()).contains("cannot read the API key file /nonexistent");
  }

  @Test
  void serverAndKeyFromTheEnvironment_DEID_SERVER_and_DEID_API_KEY_FILE() throws Exception {
    Path key = clientKey();
    Path local = Files.writeString(work.resolve("patients.csv"), INPUT);
    CliProcess cli = CliProcess.in(work.resolve("user"));
    Map<String, String> env = Map.of("DEID_SERVER", url, "DEID_API_KEY_FILE", key.toString());

    CliProcess.Result put = cli.run(env, "files", "put", local.toString(), "inbox/p.csv");
    CliProcess.Result submit =
        cli.run(env, "jobs", "submit", "--input", "inbox/p.csv", "--output", "out/");
    CliProcess.Result wait = cli.run(env, "jobs", "wait", submit.out().strip());
    CliProcess.Result ls = cli.run(env, "files", "ls", "out/");
    CliProcess.Result none = cli.run("files", "ls");

    assertThat(put.exitCode()).as(put.all()).isZero();
    assertThat(submit.exitCode()).as(submit.all()).isZero();
    assertThat(submit.out()).matches("job_[0-9a-f]+\\R");
    assertThat(submit.err()).isEmpty();
    assertThat(wait.exitCode()).as(wait.all()).isZero();
    assertThat(wait.err()).contains("SUCCEEDED");
    assertThat(ls.out()).contains("out/p.csv\t", "out/p.report.json\t");
    assertThat(none.exitCode()).isEqualTo(2);
  }
}
