package org.deid.core.key;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the JSON key file format into {@link KeyMaterial}. Errors name the source and JSON path;
 * Jackson's own messages are never passed on because they quote the offending input.
 */
final class KeyFileParser {
  static final String FORMAT = "deid-keys";
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();
  private static final Pattern PRINTABLE_FIELD = Pattern.compile("[A-Za-z_]{1,32}");

  private final String source;

  KeyFileParser(String source) {
    this.source = source;
  }

  KeyMaterial parse(byte[] json) throws KeyFileException {
    JsonNode root = readTree(json);
    object(root, "(root)", Set.of("format", "version", "linkage", "site", "prf"));
    JsonNode format = required(root, "", "format");
    if (!format.isTextual() || !FORMAT.equals(format.textValue())) {
      throw error("format", "must be \"" + FORMAT + "\"");
    }
    JsonNode version = required(root, "", "version");
    if (!version.isIntegralNumber()
        || version.intValue() != VERSION
        || !version.canConvertToInt()) {
      throw error("version", "must be " + VERSION + " (this build reads version " + VERSION + ")");
    }
    return new KeyMaterial(linkage(root), site(root), prf(root));
  }

  private LinkageSecret linkage(JsonNode root) throws KeyFileException {
    JsonNode node = object(required(root, "", "linkage"), "linkage", Set.of("id", "key"));
    String id = textId(node, "linkage");
    return new LinkageSecret(id, secret(node, "linkage", LinkageSecret.KEY_BYTES));
  }

  private PrfKey prf(JsonNode root) throws KeyFileException {
    JsonNode node = object(required(root, "", "prf"), "prf", Set.of("id", "key"));
    String id = textId(node, "prf");
    return new PrfKey(id, secret(node, "prf", PrfKey.KEY_BYTES));
  }

  private SiteKeyset site(JsonNode root) throws KeyFileException {
    JsonNode node = object(required(root, "", "site"), "site", Set.of("primary", "keys"));
    int primary = siteKeyId(required(node, "site", "primary"), "site.primary");
    JsonNode array = required(node, "site", "keys");
    if (!array.isArray() || array.isEmpty()) {
      throw error("site.keys", "must be a non-empty array");
    }
    List<SiteKey> keys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "site.keys[" + i + "]";
      JsonNode entry = object(array.get(i), path, Set.of("id", "status", "key"));
      int id = siteKeyId(required(entry, path, "id"), path + ".id");
      for (SiteKey earlier : keys) {
        if (earlier.id() == id) {
          throw error(path + ".id", "duplicate site key id " + Integer.toUnsignedString(id));
        }
      }
      keys.add(
          new SiteKey(
              id,
              status(required(entry, path, "status"), path + ".status"),
              secret(entry, path, SiteKey.KEY_BYTES)));
    }
    SiteKey primaryKey =
        keys.stream()
            .filter(k -> k.id() == primary)
            .findFirst()
            .orElseThrow(() -> error("site.primary", "names no key in site.keys"));
    if (primaryKey.status() != KeyStatus.ENABLED) {
      throw error("site.primary", "names a DISABLED key");
    }
    return new SiteKeyset(keys, primary);
  }

  private JsonNode readTree(byte[] json) throws KeyFileException {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || root.isMissingNode()) {
        throw new KeyFileException(source + ": empty, expected a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new KeyFileException(source + ": not valid JSON" + where);
    } catch (IOException e) {
      throw new KeyFileException(source + ": cannot read JSON", e);
    }
  }

  private JsonNode object(JsonNode node, String path, Set<String> allowed) throws KeyFileException {
    if (!node.isObject()) {
      throw error(path, "must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        // A mistyped file could hold a key where a field name belongs: print only tame names.
        String shown = PRINTABLE_FIELD.matcher(name).matches() ? "'" + name + "'" : "a field";
        throw error(
            path,
            "unknown field "
                + shown
                + " (allowed: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
    return node;
  }

  private JsonNode required(JsonNode parent, String parentPath, String name)
      throws KeyFileException {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw error(parentPath.isEmpty() ? name : parentPath + "." + name, "missing");
    }
    return node;
  }

  private String textId(JsonNode node, String path) throws KeyFileException {
    JsonNode id = required(node, path, "id");
    try {
      if (!id.isTextual()) {
        throw new IllegalArgumentException();
      }
      KeyIds.checkTextId(path, id.textValue());
      return id.textValue();
    } catch (IllegalArgumentException e) {
      throw error(path + ".id", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
  }

  private SecretBytes secret(JsonNode node, String path, int length) throws KeyFileException {
    JsonNode key = required(node, path, "key");
    String problem = "must be " + length + " bytes of base64";
    if (!key.isTextual()) {
      throw error(path + ".key", problem);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(key.textValue());
    } catch (IllegalArgumentException e) {
      throw error(path + ".key", problem);
    }
    try {
      if (raw.length != length) {
        throw error(path + ".key", problem);
      }
      return SecretBytes.copyOf(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private int siteKeyId(JsonNode node, String path) throws KeyFileException {
    if (!node.isIntegralNumber()
        || !node.canConvertToLong()
        || node.longValue() < 1
        || node.longValue() > 0xFFFF_FFFFL) {
      throw error(path, "must be an integer from 1 to 4294967295");
    }
    return (int) node.longValue();
  }

  private KeyStatus status(JsonNode node, String path) throws KeyFileException {
    if (node.isTextual()) {
      for (KeyStatus status : KeyStatus.values()) {
        if (status.name().equals(node.textValue())) {
          return status;
        }
      }
    }
    throw error(path, "must be \"ENABLED\" or \"DISABLED\"");
  }

  private KeyFileException error(String path, String problem) {
    return new KeyFileException(source + ": " + path + ": " + problem);
  }
}
