package org.deid.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A raw HTTP client for API tests: real requests, status and JSON checked by the test. */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final Optional<String> key;

  /**
   * Creates a client.
   *
   * @param port the server port
   * @param key the API key, empty for anonymous calls
   */
  public Api(int port, Optional<String> key) {
    this.base = "http://127.0.0.1:" + port;
    this.key = key;
  }

  /**
   * Returns a client with another key.
   *
   * @param port the server port
   * @param apiKey the key
   * @return the client
   */
  public static Api as(int port, String apiKey) {
    return new Api(port, Optional.of(apiKey));
  }

  /**
   * A response.
   *
   * @param status the status
   * @param body the body bytes
   * @param headers the headers
   */
  public record Response(int status, byte[] body, java.net.http.HttpHeaders headers) {
    /**
     * Parses the body as JSON.
     *
     * @return the tree
     */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Returns the body as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends a request.
   *
   * @param method the method
   * @param path the path (already encoded)
   * @param body the body, empty for none
   * @param headers extra headers
   * @return the response
   */
  public Response send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body.length == 0 && !method.equals("PUT") && !method.equals("POST")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * GET.
   *
   * @param path the path
   * @return the response
   */
  public Response get(String path) {
    return send("GET", path, new byte[0], Map.of());
  }

  /**
   * POST JSON.
   *
   * @param path the path
   * @param json the body
   * @return the response
   */
  public Response post(String path, Object json) {
    return send("POST", path, bytes(json), Map.of("Content-Type", "application/json"));
  }

  /**
   * PUT bytes.
   *
   * @param path the path
   * @param body the body
   * @return the response
   */
  public Response put(String path, byte[] body) {
    return send("PUT", path, body, Map.of());
  }

  /**
   * PUT JSON.
   *
   * @param path the path
   * @param json the body
   * @return the response
   */
  public Response putJson(String path, Object json) {
    return send("PUT", path, bytes(json), Map.of("Content-Type", "application/json"));
  }

  /**
   * DELETE.
   *
   * @param path the path
   * @return the response
   */
  public Response delete(String path) {
    return send("DELETE", path, new byte[0], Map.of());
  }

  private static byte[] bytes(Object json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
