package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;

/**
 * A thin client of the deid server's HTTP API. Files are streamed (never whole in memory) and their
 * SHA-256 is checked both ways. Server errors become {@link CliFailure}s with exit code {@link
 * ExitCodes#SERVER} and the server's message (which never contains data values).
 */
public final class ServerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA256_HEADER = "X-Deid-Sha256";

  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  ServerClient(URI base, String apiKey) {
    this(base, apiKey, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build());
  }

  private ServerClient(URI base, String apiKey, HttpClient http) {
    this.base = base;
    this.apiKey = apiKey;
    this.http = http;
  }

  /**
   * Creates a client over a given HTTP client (for example one whose TLS trust is pinned to the
   * server certificate recorded at login).
   *
   * @param base the server URL, without a trailing slash
   * @param apiKey the API key (sent as a bearer token, never logged)
   * @param http the HTTP client
   * @return the client
   */
  public static ServerClient over(URI base, String apiKey, HttpClient http) {
    return new ServerClient(base, apiKey, http);
  }

  /**
   * GETs a response body as bytes, for answers the caller must wipe after use (key material).
   *
   * @param path the path
   * @return the body; the caller owns and wipes it
   */
  public byte[] getBytes(String path) {
    return send(request(path).GET().build()).body();
  }

  /**
   * Parses a server URL given on the command line or in the environment.
   *
   * @param url the URL text
   * @return the URL without a trailing slash
   * @throws CliFailure (usage) if it is not an http or https URL with a host
   */
  public static URI parseServerUrl(String url) {
    URI base;
    try {
      base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "the server URL is not valid");
    }
    if (base.getScheme() == null
        || base.getHost() == null
        || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
      throw new CliFailure(ExitCodes.USAGE, "the server URL must look like https://host:port");
    }
    return base;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + apiKey)
        .header("User-Agent", "deid-cli");
  }

  /**
   * Encodes an object key for a URL path, keeping its slashes.
   *
   * @param key the key
   * @return the encoded path
   */
  static String encodeKey(String key) {
    StringBuilder out = new StringBuilder();
    for (String segment : key.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  /**
   * GETs JSON.
   *
   * @param path the path with query
   * @return the JSON answer
   */
  public JsonNode getJson(String path) {
    return json(send(request(path).GET().build()));
  }

  /**
   * Reads a paged list: GETs {@code path}, hands each item of {@code field} to {@code each}, and
   * follows the answer's {@code next} cursor (as {@code after}) until the last page or {@code max}
   * items.
   *
   * @param path the path with its query (at least one parameter)
   * @param field the list's name in the answers ("jobs")
   * @param max the most items to read
   * @param each receives the items, in order
   */
  public void forEachPage(String path, String field, long max, Consumer<JsonNode> each) {
    long remaining = max;
    String after = null;
    do {
      String page = after == null ? path : path + "&after=" + encodeKey(after);
      JsonNode answer = getJson(page);
      for (JsonNode item : answer.path(field)) {
        if (remaining-- <= 0) {
          return;
        }
        each.accept(item);
      }
      after = answer.hasNonNull("next") ? answer.path("next").asText() : null;
    } while (after != null && remaining > 0);
  }

  /**
   * POSTs JSON.
   *
   * @param path the path
   * @param body the body (serialized with Jackson)
   * @return the JSON answer
   */
  public JsonNode postJson(String path, Object body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJson(body)))
                .build()));
  }

  /**
   * PUTs JSON.
   *
   * @param path the path
   * @param body the body
   * @return the JSON answer
   */
  public JsonNode putJson(String path, Object body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(toJson(body)))
                .build()));
  }

  /**
   * PUTs raw bytes (a secret the caller wipes afterwards; never logged).
   *
   * @param path the path
   * @param body the body
   * @return the JSON answer (empty for 204)
   */
  public JsonNode putBytes(String path, byte[] body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
  }

  /**
   * DELETEs a resource.
   *
   * @param path the path
   */
  public void delete(String path) {
    send(request(path).DELETE().build());
  }

  /**
   * PUTs a local file's bytes as a document (policy, keys).
   *
   * @param path the path
   * @param file the file
   * @return the JSON answer
   */
  public JsonNode putFile(String path, Path file) {
    try {
      return json(send(request(path).PUT(HttpRequest.BodyPublishers.ofFile(file)).build()));
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, "cannot read " + file);
    }
  }

  /**
   * Uploads a file, streaming it, with its SHA-256 for the server to check.
   *
   * @param local the local file
   * @param remote the object key
   * @return the server's description of the stored file
   */
  public JsonNode upload(Path local, String remote) {
    String sha256;
    try (InputStream in = Files.newInputStream(local)) {
      sha256 = digest(in);
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, "cannot read " + local);
    }
    try {
      JsonNode stored =
          json(
              send(
                  request("/v1/files/" + encodeKey(remote))
                      .header(SHA256_HEADER, sha256)
                      .PUT(HttpRequest.BodyPublishers.ofFile(local))
                      .build()));
      if (!sha256.equals(stored.path("sha256").asText())) {
        throw new CliFailure(
            ExitCodes.SERVER, "the server stored different bytes (SHA-256 mismatch)");
      }
      return stored;
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, "cannot read " + local);
    }
  }

  /**
   * Downloads a file to a temporary name, checks its SHA-256, then renames it into place.
   *
   * @param remote the object key
   * @param local the local file (replaced only when the download is complete and verified)
   */
  public void download(String remote, Path local) {
    Path target = local.toAbsolutePath();
    if (!Files.isDirectory(target.getParent())) {
      throw new CliFailure(ExitCodes.RUN_FAILED, "no such folder " + target.getParent());
    }
    Path temp = null;
    try {
      HttpResponse<InputStream> response =
          sendStreaming(request("/v1/files/" + encodeKey(remote)).GET().build());
      temp = Files.createTempFile(target.getParent(), ".deid-download-", ".part");
      MessageDigest digest = sha256();
      try (InputStream in = new DigestInputStream(response.body(), digest);
          OutputStream out = Files.newOutputStream(temp)) {
        in.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      String expected = response.headers().firstValue(SHA256_HEADER).orElse("");
      if (!actual.equals(expected.toLowerCase(Locale.ROOT))) {
        throw new CliFailure(ExitCodes.SERVER, "the download is corrupt (SHA-256 mismatch)");
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.SERVER, "download failed (" + e.getClass().getSimpleName() + ")");
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: a leftover .part file is clearly incomplete
        }
      }
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw failure(response.statusCode(), response.body());
      }
      return response;
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.SERVER, "interrupted");
    }
  }

  private HttpResponse<InputStream> sendStreaming(HttpRequest request) throws IOException {
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() / 100 != 2) {
        try (InputStream body = response.body()) {
          throw failure(response.statusCode(), body.readNBytes(64 * 1024));
        }
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.SERVER, "interrupted");
    }
  }

  private CliFailure unreachable(IOException e) {
    return new CliFailure(
        ExitCodes.SERVER,
        "cannot reach the server at " + base + " (" + e.getClass().getSimpleName() + ")",
        e);
  }

  private static CliFailure failure(int status, byte[] body) {
    String message = "";
    try {
      message = JSON.readTree(body).path("message").asText("");
    } catch (IOException e) {
      // not JSON: keep only the status
    }
    return new CliFailure(
        ExitCodes.SERVER, "server answered " + status + (message.isEmpty() ? "" : ": " + message));
  }

  private static JsonNode json(HttpResponse<byte[]> response) {
    if (response.body().length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.SERVER, "the server answered something that is not JSON");
    }
  }

  private static byte[] toJson(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a request", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String digest(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
