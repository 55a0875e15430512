package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.deid.server.DeidServer;
import org.deid.server.DeidWorker;
import org.deid.server.activity.ActivityKind;
import org.deid.server.config.ServerSettings;
import org.deid.server.db.DatabaseSettings;
import org.deid.server.notify.NotifySettings;
import org.deid.server.notify.SmtpSettings;
import org.deid.server.storage.LocalObjectStorage;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.OpenSshSftp;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestPostgres;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.deid.server.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SFTP and inbox rules in the production shape: two API nodes ({@code --workers 0}, SFTP on, no
 * SMTP) started at the same moment with one host key path, and one worker process that has SMTP, on
 * one PostgreSQL database and one shared storage folder. A client pinned to the one host key (as
 * behind a load balancer) logs in to either node; uploads to either node start exactly one job per
 * content; every activity notification is sent once, e-mails by the worker.
 */
class SftpNodesTest {
  private static final String ALIAS = "sftp.deid.example";

  @TempDir Path dir;
  @TempDir Path work;
  private final List<DeidServer> nodes = new ArrayList<>();
  private DeidWorker worker;
  private GreenMail smtp;
  private WebhookListener webhook;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    nodes.forEach(DeidServer::close);
    if (webhook != null) {
      webhook.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(TestServer.ENV);
    env.putAll(TestPostgres.env());
    return env;
  }

  private DeidServer apiNode(String name, DatabaseSettings db, Path hostKey) {
    ServerSettings base = TestServer.settings(dir.resolve(name));
    WorkerSettings w = base.workers();
    return DeidServer.start(
        base.withDatabase(Optional.of(db))
            .withWorkers(
                new WorkerSettings(
                    0, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry())),
        TestServer.ingest().withHostKeyFile(hostKey),
        new LineEngine(),
        Optional.of(storage()),
        env(),
        Clock.systemUTC());
  }

  /** A storage of its own (as another process would have) on the one shared folder. */
  private LocalObjectStorage storage() {
    try {
      return new LocalObjectStorage(dir.resolve("storage"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The host key's public line, by OpenSSH's own ssh-keygen (not the server's code). */
  private static String publicLine(Path hostKey) throws Exception {
    Process keygen =
        new ProcessBuilder("/usr/bin/ssh-keygen", "-y", "-f", hostKey.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keygen.exitValue()).as(out).isZero();
    return out.strip();
  }

  @Test
  void twoApiNodesOneHostKey_anyNodeServesTheClient_andEachContentStartsOneJobNotifiedOnce()
      throws Exception {
    OpenSshSftp.assumeInstalled();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is not installed");
    DatabaseSettings db = TestPostgres.settings(TestPostgres.shared().newDatabaseUrl());
    Path hostKey = dir.resolve("shared").resolve("ssh_host_key");
    // the first start of the whole installation: both nodes at once, one host key path
    CompletableFuture<DeidServer> a =
        CompletableFuture.supplyAsync(() -> apiNode("api-1", db, hostKey));
    CompletableFuture<DeidServer> b =
        CompletableFuture.supplyAsync(() -> apiNode("api-2", db, hostKey));
    DeidServer first;
    DeidServer second;
    try {
      first = a.get(60, TimeUnit.SECONDS);
      nodes.add(first);
    } finally {
      second = b.get(60, TimeUnit.SECONDS);
      nodes.add(second);
    }
    assertThat(first.sftpHostKeyFingerprint()).isPresent();
    assertThat(second.sftpHostKeyFingerprint()).isEqualTo(first.sftpHostKeyFingerprint());
    assertThat(Files.getPosixFilePermissions(hostKey))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    try (var leftovers = Files.list(hostKey.getParent())) {
      assertThat(leftovers).as("no temporary key files").containsExactly(hostKey);
    }

    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    webhook = new WebhookListener();
    NotifySettings withMail =
        TestServer.settings(dir)
            .notifications()
            .withSmtp(
                new SmtpSettings(
                    "127.0.0.1",
                    smtp.getSmtp().getPort(),
                    "deid@server.example",
                    Optional.empty(),
                    Optional.empty(),
                    false));
    worker =
        DeidWorker.start(
            new DeidWorker.Settings(db, TestServer.settings(dir).workers(), withMail),
            new LineEngine(),
            storage(),
            env(),
            Clock.systemUTC());

    Path adminKeyFile = first.adminKeyFile().or(second::adminKeyFile).orElseThrow();
    Api admin = Api.as(first.port(), Fixture.adminKey(adminKeyFile.getParent()));
    Fixture.ClientSetup clinic = Fixture.client(admin, "clinic");
    String base = "/v1/admin/clients/" + clinic.id();
    admin.putJson(
        base + "/notifications",
        Map.of("emails", List.of("ops@clinic.example"), "webhooks", List.of(webhook.url())));
    SshKeys.Pair key = SshKeys.generate(work, "clinic_key");
    assertThat(admin.post(base + "/sftp/keys", Map.of("publicKey", key.publicLine())).status())
        .isEqualTo(201);
    assertThat(
            admin
                .putJson(
                    base + "/inbox-rules", Map.of("path", "inbox/*.csv", "outputPrefix", "out/"))
                .status())
        .isEqualTo(200);

    Path knownHosts =
        Files.writeString(work.resolve("known_hosts"), ALIAS + " " + publicLine(hostKey) + "\n");
    OpenSshSftp toFirst =
        OpenSshSftp.withKey(first.sftpPort().orElseThrow(), "clinic", key.privateKey(), work)
            .pinnedTo(knownHosts, ALIAS);
    OpenSshSftp toSecond = toFirst.onPort(second.sftpPort().orElseThrow());
    Files.writeString(work.resolve("a.csv"), "id\n1\n2\n");
    Files.writeString(work.resolve("b.csv"), "id\n3\n");
    Api api = Api.as(second.port(), clinic.apiKey());

    OpenSshSftp.Result put = toFirst.run("mkdir inbox", "put a.csv inbox/a.csv");
    assertThat(put.exitCode()).as(put.both()).isZero();
    JsonNode firstJob = Fixture.awaitTerminal(api, awaitStarts(api, 1).get(0));
    assertThat(firstJob.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(firstJob.path("origin").path("source").asText()).isEqualTo("sftp");
    assertThat(firstJob.path("origin").path("generation").asInt()).isEqualTo(1);

    OpenSshSftp.Result again = toSecond.run("put a.csv inbox/a.csv");
    assertThat(again.exitCode())
        .as("the same host key on the other node: " + again.both())
        .isZero();
    Fixture.sleep(1500);
    assertThat(awaitStarts(api, 1)).as("the same content again starts nothing").hasSize(1);
    OpenSshSftp.Result changed = toSecond.run("put b.csv inbox/a.csv", "get out/a.csv a.out");
    assertThat(changed.exitCode()).as(changed.both()).isZero();
    List<String> starts = awaitStarts(api, 2);
    JsonNode secondJob = Fixture.awaitTerminal(api, starts.get(0));
    assertThat(secondJob.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(secondJob.path("origin").path("generation").asInt()).isEqualTo(2);
    assertThat(api.get("/v1/jobs").json().path("jobs")).hasSize(2);

    // e-mails only from the worker (the API nodes have no SMTP): one per inbox start
    assertThat(awaitMail(s -> s.startsWith("deid inbox: job"), 2)).hasSize(2);
    Fixture.sleep(1000);
    assertThat(subjects()).filteredOn(s -> s.startsWith("deid inbox: job")).hasSize(2);
    assertThat(
            first
                .activity()
                .countDeliveries(clinic.id(), ActivityKind.INBOX_JOB_STARTED, "EMAIL", "SENT"))
        .isEqualTo(2);
    assertThat(
            first
                .activity()
                .countDeliveries(clinic.id(), ActivityKind.INBOX_JOB_STARTED, "EMAIL", "FAILED"))
        .isZero();
    // webhooks: every activity event once, whichever process sent it
    List<String> eventIds = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(20);
    int events = api.get("/v1/activity?limit=1000").json().path("events").size();
    while (Instant.now().isBefore(deadline) && activityCalls(eventIds) < events) {
      Fixture.sleep(50);
      events = api.get("/v1/activity?limit=1000").json().path("events").size();
    }
    Fixture.sleep(500);
    activityCalls(eventIds);
    assertThat(eventIds).hasSize(events).doesNotHaveDuplicates();
    assertThat(events).isGreaterThanOrEqualTo(2 + 3 + 2);
  }

  private int activityCalls(List<String> eventIds) {
    eventIds.clear();
    for (WebhookListener.Call call : webhook.calls()) {
      String body = new String(call.body(), StandardCharsets.UTF_8);
      if (body.contains("\"eventId\":\"activity-")) {
        int start = body.indexOf("\"eventId\":\"") + "\"eventId\":\"".length();
        eventIds.add(body.substring(start, body.indexOf('"', start)));
      }
    }
    return eventIds.size();
  }

  private static List<String> awaitStarts(Api api, int count) {
    Instant deadline = Instant.now().plusSeconds(30);
    List<String> jobs = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      jobs.clear();
      api.get("/v1/inbox/starts")
          .json()
          .path("starts")
          .forEach(s -> jobs.add(s.path("jobId").asText()));
      if (jobs.size() >= count) {
        return jobs;
      }
      Fixture.sleep(50);
    }
    throw new AssertionError("inbox starts: " + jobs);
  }

  private List<String> subjects() throws Exception {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      subjects.add(message.getSubject());
    }
    return subjects;
  }

  private List<String> awaitMail(java.util.function.Predicate<String> wanted, int count)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      List<String> found = subjects().stream().filter(wanted).toList();
      if (found.size() >= count) {
        return found;
      }
      Fixture.sleep(50);
    }
    return subjects().stream().filter(wanted).toList();
  }
}
