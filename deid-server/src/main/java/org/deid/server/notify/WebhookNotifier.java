package org.deid.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Posts a notification as JSON to a client's webhook, signed with {@link WebhookSignature}. Any 2xx
 * answer is a delivery; anything else is retried by the dispatcher. Thread-safe.
 */
public final class WebhookNotifier implements Notifier {
  private final HttpClient http;
  private final Function<String, byte[]> secretForClient;
  private final Clock clock;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the notifier.
   *
   * @param secretForClient returns a client's webhook secret (wiped after use)
   * @param clock the time source for the signed timestamp
   * @param timeout the longest a call may take
   */
  public WebhookNotifier(Function<String, byte[]> secretForClient, Clock clock, Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.secretForClient = secretForClient;
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public String channel() {
    return "WEBHOOK";
  }

  @Override
  public void send(Notification notification, String target) throws NotificationException {
    post(
        notification.clientId(),
        Long.toString(notification.eventId()),
        notification.toMap(),
        target);
  }

  /**
   * Posts any event body to a client's webhook, signed and timed out like job notifications.
   *
   * @param clientId the client whose secret signs the body
   * @param eventId the value of {@code X-Deid-Event-Id}
   * @param fields the JSON body
   * @param target the URL
   * @throws NotificationException if it was not delivered
   */
  public void post(String clientId, String eventId, Map<String, Object> fields, String target)
      throws NotificationException {
    byte[] body;
    try {
      body = json.writeValueAsBytes(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a notification", e);
    }
    long timestamp = clock.instant().getEpochSecond();
    byte[] secret = secretForClient.apply(clientId);
    String signature;
    try {
      signature = WebhookSignature.sign(secret, timestamp, body);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "deid-server")
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(WebhookSignature.SIGNATURE_HEADER, signature)
            .header("X-Deid-Event-Id", eventId)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new NotificationException("webhook answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new NotificationException("webhook call failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationException("webhook call interrupted");
    }
  }
}
