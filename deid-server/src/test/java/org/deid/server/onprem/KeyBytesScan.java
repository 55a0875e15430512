package org.deid.server.onprem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Looks for key bytes in files: every secret of a deid key file (linkage, site, PRF) as raw bytes,
 * standard and URL-safe base64, and lower- and upper-case hex.
 */
final class KeyBytesScan {
  private final List<byte[]> needles = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();

  KeyBytesScan(byte[] keyFileJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(keyFileJson);
    add("linkage", root.path("linkage").path("key").asText());
    add("prf", root.path("prf").path("key").asText());
    for (JsonNode site : root.path("site").path("keys")) {
      add("site " + site.path("id").asText(), site.path("key").asText());
    }
  }

  private void add(String label, String base64) {
    byte[] raw = Base64.getDecoder().decode(base64);
    String hex = HexFormat.of().formatHex(raw);
    String[] forms = {
      base64,
      Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
      Base64.getEncoder().withoutPadding().encodeToString(raw),
      hex,
      hex.toUpperCase(Locale.ROOT)
    };
    for (String form : forms) {
      needles.add(form.getBytes(StandardCharsets.US_ASCII));
      labels.add(label + " as text");
    }
    needles.add(raw);
    labels.add(label + " raw");
  }

  int keyCount() {
    return needles.size() / 6;
  }

  /** Returns "file: label" for every file under the roots that holds a key in any form. */
  List<String> findIn(Path... roots) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          byte[] content = Files.readAllBytes(file);
          for (int i = 0; i < needles.size(); i++) {
            if (contains(content, needles.get(i))) {
              found.add(file + ": " + labels.get(i));
            }
          }
        }
      }
    }
    return found;
  }

  boolean foundInText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return needles.stream().anyMatch(n -> contains(bytes, n));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
