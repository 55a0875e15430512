package org.deid.core.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads and writes deid's JSON key files (see {@code docs/keys-and-tokens.md}):
 *
 * <pre>
 * {"format":"deid-keys","version":1,
 *  "linkage":{"id":"link-1a2b3c4d","key":"&lt;base64, 32 bytes&gt;"},
 *  "site":{"primary":123,"keys":[{"id":123,"status":"ENABLED","key":"&lt;base64, 64 bytes&gt;"}]},
 *  "prf":{"id":"prf-5e6f7a8b","key":"&lt;base64, 32 bytes&gt;"}}
 * </pre>
 *
 * <p>Keys come from a file or the environment, never from a command-line flag. Every error names
 * the source and JSON path and never a key value. Decoded key bytes are wiped after they are copied
 * into {@link SecretBytes}; the base64 text itself lives in immutable strings that cannot be wiped.
 * Thread-safe (stateless).
 */
public final class KeyFiles {
  /** Environment variable holding the key file's JSON text. */
  public static final String ENV_KEYS = "DEID_KEYS";

  /** Environment variable holding the path of a key file. */
  public static final String ENV_KEYS_FILE = "DEID_KEYS_FILE";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private KeyFiles() {}

  /**
   * Reads a key file.
   *
   * @param file path of a JSON key file
   * @return the keys
   * @throws KeyFileException when the file cannot be read or is not a valid key file
   */
  public static KeyMaterial read(Path file) throws KeyFileException {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyFileException(
          file + ": cannot read key file (" + e.getClass().getSimpleName() + ")", e);
    }
    try {
      return parse(json, file.toString());
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  /**
   * Parses key file JSON, for example received from the deid server.
   *
   * @param json UTF-8 JSON text; not modified
   * @param sourceName names the source in error messages, e.g. a file name
   * @return the keys
   * @throws KeyFileException when the JSON is not a valid key file
   */
  public static KeyMaterial parse(byte[] json, String sourceName) throws KeyFileException {
    return new KeyFileParser(sourceName).parse(json);
  }

  /**
   * Loads keys from the environment: {@value #ENV_KEYS} holds the JSON text, or {@value
   * #ENV_KEYS_FILE} names a key file. Setting both is an error, so that it is never unclear which
   * keys a run used.
   *
   * @param env the environment, normally {@code System.getenv()}
   * @return the keys
   * @throws KeyFileException when neither or both are set, or the keys are invalid
   */
  public static KeyMaterial fromEnvironment(Map<String, String> env) throws KeyFileException {
    String text = env.get(ENV_KEYS);
    String file = env.get(ENV_KEYS_FILE);
    boolean hasText = text != null && !text.isBlank();
    boolean hasFile = file != null && !file.isBlank();
    if (hasText && hasFile) {
      throw new KeyFileException(
          "both " + ENV_KEYS + " and " + ENV_KEYS_FILE + " are set; set only one");
    }
    if (hasText) {
      byte[] json = text.getBytes(StandardCharsets.UTF_8);
      try {
        return parse(json, ENV_KEYS);
      } finally {
        Arrays.fill(json, (byte) 0);
      }
    }
    if (hasFile) {
      return read(Path.of(file));
    }
    throw new KeyFileException(
        "no keys: set " + ENV_KEYS + " (key file JSON) or " + ENV_KEYS_FILE + " (key file path)");
  }

  /**
   * Writes a new key file; refuses to replace an existing one. Same as {@code write(keys, file,
   * false)}.
   *
   * @param keys the keys to write
   * @param file the target path
   * @throws IOException when the file exists or cannot be written
   */
  public static void write(KeyMaterial keys, Path file) throws IOException {
    write(keys, file, false);
  }

  /**
   * Writes a key file atomically with owner-only permissions: the JSON goes to a temporary file in
   * the target's directory that is created with POSIX mode 0600 (never readable by others, not even
   * briefly), is flushed to disk, and then moved into place with an atomic rename.
   *
   * @param keys the keys to write
   * @param file the target path
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException when the file exists and {@code overwrite} is
   *     false
   * @throws IOException when the file cannot be written
   */
  public static void write(KeyMaterial keys, Path file, boolean overwrite) throws IOException {
    byte[] json = toJsonBytes(keys);
    try {
      PrivateFileWriter.write(file, json, overwrite);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  /**
   * Returns the key file JSON of some keys, for example for the deid server to hand to a client.
   * The result holds secrets: do not log it.
   *
   * @param keys the keys
   * @return pretty-printed JSON text
   */
  public static String toJson(KeyMaterial keys) {
    return new String(toJsonBytes(keys), StandardCharsets.UTF_8);
  }

  private static byte[] toJsonBytes(KeyMaterial keys) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", KeyFileParser.FORMAT);
    root.put("version", KeyFileParser.VERSION);
    ObjectNode linkage = root.putObject("linkage");
    linkage.put("id", keys.linkage().id());
    linkage.put("key", base64(keys.linkage().key()));
    ObjectNode site = root.putObject("site");
    site.put("primary", Integer.toUnsignedLong(keys.site().primaryId()));
    ArrayNode siteKeys = site.putArray("keys");
    for (SiteKey key : keys.site().keys()) {
      ObjectNode entry = siteKeys.addObject();
      entry.put("id", Integer.toUnsignedLong(key.id()));
      entry.put("status", key.status().name());
      entry.put("key", base64(key.key()));
    }
    ObjectNode prf = root.putObject("prf");
    prf.put("id", keys.prf().id());
    prf.put("key", base64(keys.prf().key()));
    try {
      byte[] body = MAPPER.writeValueAsBytes(root);
      byte[] withNewline = Arrays.copyOf(body, body.length + 1);
      withNewline[body.length] = '\n';
      Arrays.fill(body, (byte) 0);
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize keys", e);
    }
  }

  private static String base64(SecretBytes secret) {
    byte[] raw = secret.copy();
    try {
      return Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
