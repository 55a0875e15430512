package org.deid.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sets up clients through the real admin API. */
public final class Fixture {
  private Fixture() {}

  /**
   * Reads the admin key the server wrote on first start.
   *
   * @param dataDir the data folder
   * @return the key
   * @throws Exception if it cannot be read
   */
  public static String adminKey(Path dataDir) throws Exception {
    return Files.readString(dataDir.resolve("admin.key"), StandardCharsets.US_ASCII).strip();
  }

  /**
   * A client ready to submit jobs.
   *
   * @param id the client id
   * @param apiKey its API key
   * @param webhookSecret its webhook secret
   */
  public record ClientSetup(String id, String apiKey, String webhookSecret) {}

  /**
   * Creates a client with a policy and keys through the admin API.
   *
   * @param admin the admin API
   * @param name the client name
   * @return the client
   */
  public static ClientSetup client(Api admin, String name) {
    Api.Response created = admin.post("/v1/admin/clients", Map.of("name", name));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().get("id").asText();
    Api.Response key = admin.post("/v1/admin/clients/" + id + "/api-keys", Map.of());
    assertThat(key.status()).isEqualTo(201);
    assertThat(
            admin
                .put(
                    "/v1/admin/clients/" + id + "/policy",
                    "policy: test\n".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);
    assertThat(
            admin
                .put(
                    "/v1/admin/clients/" + id + "/keys",
                    "{\"keys\": 1}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(201);
    return new ClientSetup(
        id, key.json().get("apiKey").asText(), created.json().get("webhookSecret").asText());
  }

  /**
   * Creates a client with the example Safe Harbor policy and the demo keys through the admin API,
   * and issues its API key.
   *
   * @param admin the admin API
   * @param name the client name
   * @param examples the repository's {@code examples} folder
   * @return the client
   * @throws IOException if an example file cannot be read
   */
  public static ClientSetup exampleClient(Api admin, String name, Path examples)
      throws IOException {
    Api.Response created = admin.post("/v1/admin/clients", Map.of("name", name));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().get("id").asText();
    String client = "/v1/admin/clients/" + id;
    Api.Response policy =
        admin.put(client + "/policy", Files.readAllBytes(examples.resolve("safe-harbor.yaml")));
    assertThat(policy.status()).as(policy.text()).isEqualTo(201);
    Api.Response keys =
        admin.put(client + "/keys", Files.readAllBytes(examples.resolve("demo-keys.json")));
    assertThat(keys.status()).as(keys.text()).isEqualTo(201);
    Api.Response key = admin.post(client + "/api-keys", Map.of());
    assertThat(key.status()).as(key.text()).isEqualTo(201);
    return new ClientSetup(
        id, key.json().get("apiKey").asText(), created.json().get("webhookSecret").asText());
  }

  /**
   * Polls a job until it is finished.
   *
   * @param api the client's API
   * @param jobId the job
   * @return the final job JSON
   */
  public static JsonNode awaitTerminal(Api api, String jobId) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = api.get("/v1/jobs/" + jobId).json();
      String state = job.get("state").asText();
      if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state)) {
        return job;
      }
      sleep(20);
    }
    throw new AssertionError("job " + jobId + " did not finish");
  }

  /**
   * Submits a job and returns its id.
   *
   * @param api the client's API
   * @param inputs input keys
   * @param output output prefix
   * @return the job id
   */
  public static String submit(Api api, List<String> inputs, String output) {
    Api.Response response = api.post("/v1/jobs", Map.of("inputs", inputs, "outputPrefix", output));
    assertThat(response.status()).as(response.text()).isEqualTo(201);
    return response.json().get("id").asText();
  }

  /**
   * Sleeps.
   *
   * @param millis how long
   */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
