package org.deid.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.WebhookListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E-mail through a real SMTP server (GreenMail) and signed webhooks to a real HTTP listener. */
class NotificationTest {
  private static final String SECRET_ROW = "id,name\n1,Zelda Secretname\n";

  @TempDir Path dir;
  private GreenMail smtp;
  private WebhookListener webhook;
  private DeidServer server;
  private Fixture.ClientSetup client;
  private Api api;

  @BeforeEach
  void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.setUser("deid", "mail-password");
    smtp.start();
    webhook = new WebhookListener();
    SmtpSettings mail =
        new SmtpSettings(
            "127.0.0.1",
            smtp.getSmtp().getPort(),
            "deid@server.example",
            Optional.of("deid"),
            Optional.of("mail-password"),
            false);
    server =
        TestServer.start(
            TestServer.settings(dir)
                .withNotifications(TestServer.settings(dir).notifications().withSmtp(mail)),
            new LineEngine(),
            Optional.empty());
    Api admin = Api.as(server.port(), Fixture.adminKey(dir));
    client = Fixture.client(admin, "clinic");
    Api.Response targets =
        admin.putJson(
            "/v1/admin/clients/" + client.id() + "/notifications",
            Map.of("emails", List.of("ops@clinic.example"), "webhooks", List.of(webhook.url())));
    assertThat(targets.status()).as(targets.text()).isEqualTo(200);
    api = Api.as(server.port(), client.apiKey());
  }

  @AfterEach
  void stop() {
    server.close();
    webhook.close();
    smtp.stop();
  }

  private String runJob(String content) {
    api.put("/v1/files/in/p.csv", content.getBytes(StandardCharsets.UTF_8));
    String jobId = Fixture.submit(api, List.of("in/p.csv"), "out/");
    Fixture.awaitTerminal(api, jobId);
    return jobId;
  }

  private void awaitWebhooks(int count) {
    for (int i = 0; i < 3000 && webhook.calls().size() < count; i++) {
      Fixture.sleep(20);
    }
  }

  @Test
  void success_sendsOneEmailWithIdStateAndCounts_andNoData() throws Exception {
    String jobId = runJob(SECRET_ROW);

    assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage[] messages = smtp.getReceivedMessages();
    assertThat(messages).hasSize(1);
    assertThat(messages[0].getSubject()).isEqualTo("deid job " + jobId + " SUCCEEDED");
    assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo("ops@clinic.example");
    String body = messages[0].getContent().toString();
    assertThat(body)
        .contains("Job: " + jobId, "State: SUCCEEDED", "Rows read: 1", "Rows written: 1");
    assertThat(body).doesNotContainIgnoringCase("zelda").doesNotContainIgnoringCase("secretname");
  }

  @Test
  void failure_sendsOneEmailWithTheReason() throws Exception {
    String jobId = runJob("id\nMALFORMED\n");

    assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    Fixture.sleep(300);
    MimeMessage[] messages = smtp.getReceivedMessages();
    assertThat(messages).hasSize(1);
    assertThat(messages[0].getSubject()).isEqualTo("deid job " + jobId + " FAILED");
    assertThat(messages[0].getContent().toString())
        .contains("Reason: p.csv: line 2: malformed record");
  }

  @Test
  void webhook_isSignedWithTheClientSecret_andAForgeryIsDetected() {
    String jobId = runJob(SECRET_ROW);
    awaitWebhooks(1);

    WebhookListener.Call call = webhook.calls().get(0);
    byte[] secret = client.webhookSecret().getBytes(StandardCharsets.US_ASCII);
    String timestamp = call.headers().get("X-Deid-Timestamp");
    String signature = call.headers().get("X-Deid-Signature");
    long now = Instant.now().getEpochSecond();
    String body = new String(call.body(), StandardCharsets.UTF_8);
    assertThat(body)
        .contains("\"jobId\":\"" + jobId + "\"", "\"state\":\"SUCCEEDED\"", "\"rowsRead\":1");
    assertThat(body).doesNotContainIgnoringCase("zelda");

    assertThat(WebhookSignature.verify(secret, timestamp, signature, call.body(), now, 300))
        .isTrue();
    byte[] forgedBody = body.replace("SUCCEEDED", "FAILED").getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(secret, timestamp, signature, forgedBody, now, 300))
        .isFalse();
    byte[] otherSecret = "0".repeat(64).getBytes(StandardCharsets.US_ASCII);
    assertThat(WebhookSignature.verify(otherSecret, timestamp, signature, call.body(), now, 300))
        .isFalse();
    String forgedSignature =
        WebhookSignature.sign(otherSecret, Long.parseLong(timestamp), call.body());
    assertThat(WebhookSignature.verify(secret, timestamp, forgedSignature, call.body(), now, 300))
        .isFalse();
    assertThat(WebhookSignature.verify(secret, timestamp, signature, call.body(), now + 3600, 300))
        .isFalse();
  }

  @Test
  void webhook_failingReceiver_isRetriedWithBackoffUntilDelivered() {
    webhook.failNext(2);
    String jobId = runJob("id\n1\n");
    awaitWebhooks(1);
    for (int i = 0; i < 3000 && server.deliveries().count(jobId, "WEBHOOK", "SENT") == 0; i++) {
      Fixture.sleep(20);
    }

    assertThat(webhook.calls()).hasSize(1);
    assertThat(server.deliveries().count(jobId, "WEBHOOK", "SENT")).isEqualTo(1);
    // TestServer's back-off: 50 ms after the first failure, then 100 ms
    assertThat(webhook.gapsMillis()).hasSize(2);
    assertThat(webhook.gapsMillis().get(0)).isGreaterThanOrEqualTo(50);
    assertThat(webhook.gapsMillis().get(1)).isGreaterThanOrEqualTo(100);
  }

  @Test
  void webhook_receiverThatKeepsFailing_isTriedTheMaximumTimes_thenGivenUp() {
    webhook.failNext(100);
    String jobId = runJob("id\n1\n");
    for (int i = 0; i < 3000 && server.deliveries().count(jobId, "WEBHOOK", "FAILED") == 0; i++) {
      Fixture.sleep(20);
    }

    assertThat(server.deliveries().count(jobId, "WEBHOOK", "FAILED")).isEqualTo(1);
    assertThat(server.deliveries().count(jobId, "WEBHOOK", "SENT")).isZero();
    Fixture.sleep(500);
    assertThat(webhook.gapsMillis()).as("3 attempts (TestServer's maximum)").hasSize(2);
    assertThat(webhook.calls()).isEmpty();
  }
}
