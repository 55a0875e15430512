package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.notify.SmtpSettings;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.InProcessCli;
import org.deid.server.testing.InProcessCli.Run;
import org.deid.server.testing.OpenSshSftp;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.deid.server.worker.CoreJobRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole SFTP path with real programs: the admin sets up the client with {@code deid admin}, the
 * client uploads with OpenSSH {@code sftp -b}, the inbox rule starts the job by itself, the e-mail
 * arrives (GreenMail), and the output downloaded over SFTP is byte-identical to {@code deid
 * tokenize} on the same input.
 */
class SftpInboxEndToEndTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path dir;
  @TempDir static Path work;
  private static GreenMail smtp;
  private static WebhookListener webhook;
  private static DeidServer server;
  private static Api admin;
  private static Api api;
  private static String clientId;
  private static SshKeys.Pair key;
  private static int sftpPort;

  @BeforeAll
  static void start() throws Exception {
    OpenSshSftp.assumeInstalled();
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    webhook = new WebhookListener();
    SmtpSettings mail =
        new SmtpSettings(
            "127.0.0.1",
            smtp.getSmtp().getPort(),
            "deid@server.example",
            Optional.empty(),
            Optional.empty(),
            false);
    server =
        TestServer.start(
            TestServer.settings(dir)
                .withNotifications(TestServer.settings(dir).notifications().withSmtp(mail)),
            TestServer.ingest(),
            new CoreJobRunner(),
            Optional.empty());
    sftpPort = server.sftpPort().orElseThrow();
    admin = Api.as(server.port(), Fixture.adminKey(dir));

    Path apiKey = work.resolve("clinic.key");
    Run created =
        deid(
            "admin",
            "client",
            "create",
            "clinic",
            "--policy",
            EXAMPLES.resolve("safe-harbor.yaml").toString(),
            "--keys",
            EXAMPLES.resolve("demo-keys.json").toString(),
            "--api-key-out",
            apiKey.toString(),
            "--notify-email",
            "ops@clinic.example");
    assertThat(created.exitCode()).as(created.err()).isZero();
    clientId = created.out().strip();
    api = Api.as(server.port(), Files.readString(apiKey).strip());
    admin.putJson(
        "/v1/admin/clients/" + clientId + "/notifications",
        java.util.Map.of(
            "emails", List.of("ops@clinic.example"), "webhooks", List.of(webhook.url())));

    key = SshKeys.generate(work, "clinic_ecdsa");
    Run added = deid("admin", "sftp", "add-key", "clinic", key.publicKeyFile().toString());
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("ecdsa-sha2-nistp256", "SHA256:");

    Run rule = deid("admin", "inbox", "set", "clinic", "--path", "inbox/*.csv", "--output", "out/");
    assertThat(rule.exitCode()).as(rule.err()).isZero();
    assertThat(rule.out()).contains("inbox/*.csv", "out/");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      webhook.close();
      smtp.stop();
    }
  }

  private static Run deid(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(
        List.of(
            "--server",
            "http://127.0.0.1:" + server.port(),
            "--api-key-file",
            dir.resolve("admin.key").toString()));
    return InProcessCli.run(all.toArray(new String[0]));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static JsonNode awaitStart(String path) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode start : api.get("/v1/inbox/starts").json().path("starts")) {
        if (start.path("path").asText().equals(path)) {
          return start;
        }
      }
      Fixture.sleep(50);
    }
    throw new AssertionError("no inbox job started for " + path);
  }

  private static List<JsonNode> audit() {
    List<JsonNode> entries = new ArrayList<>();
    admin.get("/v1/admin/audit?limit=10000").json().path("entries").forEach(entries::add);
    return entries;
  }

  private static boolean audited(String actorPrefix, String route, int status) {
    return audit().stream()
        .anyMatch(
            e ->
                e.path("actor").asText().startsWith(actorPrefix)
                    && e.path("route").asText().equals(route)
                    && e.path("status").asInt() == status);
  }

  @Test
  void keyLoginUploadIntoTheInbox_startsTheJob_mails_andTheOutputEqualsDeidTokenize()
      throws Exception {
    Path input = work.resolve("patients.csv");
    Files.copy(EXAMPLES.resolve("patients.csv"), input);
    OpenSshSftp sftp = OpenSshSftp.withKey(sftpPort, "clinic", key.privateKey(), work);

    OpenSshSftp.Result put = sftp.run("put patients.csv inbox/patients.csv");
    assertThat(put.exitCode()).as(put.both()).isZero();

    JsonNode start = awaitStart("inbox/patients.csv");
    String jobId = start.path("jobId").asText();
    assertThat(start.path("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(input)));
    assertThat(start.path("source").asText()).isEqualTo("sftp");
    JsonNode job = Fixture.awaitTerminal(api, jobId);
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("inputs").get(0).asText()).isEqualTo("inbox/patients.csv");
    assertThat(job.path("idempotencyKey").asText())
        .startsWith("inbox:" + start.path("ruleId").asText() + ":");
    assertThat(api.get("/v1/inbox/starts/" + jobId).json().path("ruleId").asText())
        .isEqualTo(start.path("ruleId").asText());

    Path downloaded = work.resolve("patients.deid.csv");
    OpenSshSftp.Result get = sftp.run("get out/patients.csv " + downloaded);
    assertThat(get.exitCode()).as(get.both()).isZero();
    assertThat(Files.readAllBytes(downloaded)).isEqualTo(InProcessCli.tokenizeExample(input, work));

    assertThat(smtp.waitForIncomingEmail(20_000, 2)).isTrue();
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      subjects.add(message.getSubject());
      assertThat(message.getContent().toString()).doesNotContain("Adams", "255-68-2542");
    }
    assertThat(subjects)
        .contains("deid inbox: job " + jobId + " started", "deid job " + jobId + " SUCCEEDED");

    assertThat(audited("sftp:" + clientId, "sftp/login/publickey", 200)).isTrue();
    assertThat(audited("sftp:" + clientId, "sftp/upload", 201)).isTrue();
    assertThat(audited("sftp:" + clientId, "sftp/download", 200)).isTrue();
    assertThat(audited("inbox:" + clientId + ":", "inbox/start-job", 201)).isTrue();
    List<String> kinds = new ArrayList<>();
    api.get("/v1/activity?limit=1000")
        .json()
        .path("events")
        .forEach(e -> kinds.add(e.path("event").asText()));
    assertThat(kinds).contains("sftp.login", "sftp.upload", "inbox.job_started");
    for (int i = 0; i < 3000 && webhook.calls().size() < 4; i++) {
      Fixture.sleep(20);
    }
    assertThat(webhook.calls().stream().map(c -> new String(c.body(), StandardCharsets.UTF_8)))
        .anyMatch(b -> b.contains("\"event\":\"sftp.login\""))
        .anyMatch(b -> b.contains("\"event\":\"inbox.job_started\"") && b.contains(jobId));
  }

  @Test
  void passwordLogin_fromAFileSetWithTheCli_worksWithOpenSshAskpass_andAWrongOneIsAudited()
      throws Exception {
    Path passwordFile = Files.writeString(work.resolve("sftp-password"), PASSWORD + "\n");
    Run set =
        deid("admin", "sftp", "set-password", "clinic", "--password-file", passwordFile.toString());
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(deid("admin", "sftp", "keys", "clinic").out()).contains("password\tset");
    Files.writeString(work.resolve("note.csv"), "id\n1\n");

    OpenSshSftp right = OpenSshSftp.withPassword(sftpPort, "clinic", PASSWORD, work);
    OpenSshSftp.Result ok = right.run("put note.csv notes/note.csv", "ls notes");
    assertThat(ok.exitCode()).as(ok.both()).isZero();
    assertThat(ok.out()).contains("note.csv");
    assertThat(audited("sftp:" + clientId, "sftp/login/password", 200)).isTrue();

    OpenSshSftp wrong = OpenSshSftp.withPassword(sftpPort, "clinic", "not the password!", work);
    OpenSshSftp.Result refused = wrong.run("ls");
    assertThat(refused.exitCode()).as(refused.both()).isNotZero();
    OpenSshSftp stranger = OpenSshSftp.withPassword(sftpPort, "nobody", PASSWORD, work);
    assertThat(stranger.run("ls").exitCode()).isNotZero();

    for (int i = 0; i < 3000 && !audited("sftp:" + clientId, "sftp/login", 401); i++) {
      Fixture.sleep(50);
    }
    assertThat(audited("sftp:" + clientId, "sftp/login", 401)).isTrue();
    for (int i = 0; i < 3000 && !audited("anonymous", "sftp/login", 401); i++) {
      Fixture.sleep(50);
    }
    assertThat(audited("anonymous", "sftp/login", 401)).isTrue();
    String everything =
        admin.get("/v1/admin/audit?limit=10000").text()
            + admin.get("/v1/admin/clients/" + clientId + "/activity?limit=10000").text();
    assertThat(everything).doesNotContain(PASSWORD, "not the password!", "nobody");
    assertThat(everything).contains("sftp.login_failed");

    Run removed = deid("admin", "sftp", "remove-password", "clinic");
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(right.run("ls").exitCode()).isNotZero();
  }

  @Test
  void removedKey_canNoLongerLogIn() throws Exception {
    SshKeys.Pair other = SshKeys.generate(work, "temporary_key");
    Run added = deid("admin", "sftp", "add-key", clientId, other.publicKeyFile().toString());
    assertThat(added.exitCode()).as(added.err()).isZero();
    String fingerprint = added.out().split("\t")[2];
    OpenSshSftp sftp = OpenSshSftp.withKey(sftpPort, "clinic", other.privateKey(), work);
    assertThat(sftp.run("ls").exitCode()).isZero();

    Run removed = deid("admin", "sftp", "remove-key", "clinic", fingerprint);
    assertThat(removed.exitCode()).as(removed.err()).isZero();

    assertThat(sftp.run("ls").exitCode()).isNotZero();
    assertThat(deid("admin", "sftp", "keys", "clinic").out()).doesNotContain(fingerprint);
  }
}
