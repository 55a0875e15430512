package org.deid.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();
  @TempDir Path dir;

  @Test
  void writeThenRead_roundTrip_keepsEveryKey() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random).rotateSite(random);
    Path file = dir.resolve("keys.json");
    KeyFiles.write(keys, file);
    assertSameKeys(KeyFiles.read(file), keys);
  }

  @Test
  void toJsonThenParse_roundTrip_keepsEveryKey() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random).rotateSite(random);
    byte[] json = KeyFiles.toJson(keys).getBytes(StandardCharsets.UTF_8);
    assertSameKeys(KeyFiles.parse(json, "server"), keys);
  }

  @Test
  void write_newFile_hasMode0600AndNoTempFileLeft() throws Exception {
    Path file = dir.resolve("keys.json");
    KeyFiles.write(KeyMaterial.generate(random), file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void write_existingFile_refusedUnlessOverwrite() throws Exception {
    Path file = dir.resolve("keys.json");
    KeyMaterial first = KeyMaterial.generate(random);
    KeyFiles.write(first, file);
    assertThatThrownBy(() -> KeyFiles.write(KeyMaterial.generate(random), file))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertSameKeys(KeyFiles.read(file), first);

    KeyMaterial second = KeyMaterial.generate(random);
    KeyFiles.write(second, file, true);
    assertSameKeys(KeyFiles.read(file), second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void fromEnvironment_jsonText_loadsKeys() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random);
    KeyMaterial loaded = KeyFiles.fromEnvironment(Map.of("DEID_KEYS", KeyFiles.toJson(keys)));
    assertSameKeys(loaded, keys);
  }

  @Test
  void fromEnvironment_filePath_loadsKeys() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random);
    Path file = dir.resolve("k.json");
    KeyFiles.write(keys, file);
    assertSameKeys(KeyFiles.fromEnvironment(Map.of("DEID_KEYS_FILE", file.toString())), keys);
  }

  @Test
  void fromEnvironment_neitherOrBoth_failsNamingVariables() {
    assertThatThrownBy(() -> KeyFiles.fromEnvironment(Map.of("HOME", "/root")))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("DEID_KEYS")
        .hasMessageContaining("DEID_KEYS_FILE");
    assertThatThrownBy(
            () -> KeyFiles.fromEnvironment(Map.of("DEID_KEYS", "{}", "DEID_KEYS_FILE", "/tmp/x")))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("both");
  }

  @Test
  void parse_siteKeyOfWrongLength_namesPathButNotValue() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random).rotateSite(random);
    String shortKey = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";
    String json =
        edit(keys, root -> ((ObjectNode) root.withArray("/site/keys").get(1)).put("key", shortKey));
    assertThatThrownBy(() -> KeyFiles.parse(json.getBytes(StandardCharsets.UTF_8), "keys.json"))
        .isInstanceOf(KeyFileException.class)
        .hasMessage("keys.json: site.keys[1].key: must be 64 bytes of base64")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
  }

  @Test
  void parse_invalidInputs_messagesNeverContainKeyMaterial() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random);
    String good = KeyFiles.toJson(keys);
    String linkage = TestKeys.base64Secrets(keys).get(0);
    String[] broken = {
      good.replace("\"format\"", "\"formt\""),
      good.replace(linkage, linkage + "x"),
      good.replace(linkage, "not base64 " + linkage),
      good.replace("\"ENABLED\"", "\"ON\""),
      good.replace("\"version\" : 1", "\"version\" : 2"),
      good.substring(0, good.length() / 2),
      good.replace("\"key\" : \"" + linkage + "\"", "\"" + linkage + "\" : 1"),
      good.replace("\"key\" : \"" + linkage + "\"", linkage),
    };
    for (String json : broken) {
      assertThatThrownBy(() -> KeyFiles.parse(json.getBytes(StandardCharsets.UTF_8), "keys.json"))
          .isInstanceOf(KeyFileException.class)
          .hasMessageStartingWith("keys.json: ")
          .satisfies(
              e -> {
                for (String secret : TestKeys.base64Secrets(keys)) {
                  assertThat(e.getMessage())
                      .doesNotContain(secret)
                      .doesNotContain(secret.substring(0, 8));
                }
              });
    }
  }

  @Test
  void parse_primaryMissingOrDisabled_rejected() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random);
    String unknownPrimary = edit(keys, root -> ((ObjectNode) root.get("site")).put("primary", 7));
    assertThatThrownBy(() -> KeyFiles.parse(unknownPrimary.getBytes(StandardCharsets.UTF_8), "k"))
        .hasMessage("k: site.primary: names no key in site.keys");
    String disabled =
        edit(
            keys,
            root -> ((ObjectNode) root.withArray("/site/keys").get(0)).put("status", "DISABLED"));
    assertThatThrownBy(() -> KeyFiles.parse(disabled.getBytes(StandardCharsets.UTF_8), "k"))
        .hasMessage("k: site.primary: names a DISABLED key");
  }

  @Test
  void parse_duplicateSiteKeyId_rejected() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random);
    String json =
        edit(
            keys,
            root -> {
              ArrayNode array = root.withArray("/site/keys");
              array.add(array.get(0).deepCopy());
            });
    assertThatThrownBy(() -> KeyFiles.parse(json.getBytes(StandardCharsets.UTF_8), "k"))
        .hasMessageStartingWith("k: site.keys[1].id: duplicate site key id");
  }

  @Test
  void parse_disabledOldKey_isKeptWithStatus() throws Exception {
    KeyMaterial keys = KeyMaterial.generate(random).rotateSite(random);
    String json =
        edit(
            keys,
            root -> ((ObjectNode) root.withArray("/site/keys").get(0)).put("status", "DISABLED"));
    KeyMaterial loaded = KeyFiles.parse(json.getBytes(StandardCharsets.UTF_8), "k");
    assertThat(loaded.site().keys().get(0).status()).isEqualTo(KeyStatus.DISABLED);
  }

  @Test
  void read_missingFile_namesFile() {
    Path missing = dir.resolve("absent.json");
    assertThatThrownBy(() -> KeyFiles.read(missing))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(missing.toString());
  }

  private static String edit(KeyMaterial keys, Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = (ObjectNode) MAPPER.readTree(KeyFiles.toJson(keys));
    change.accept(root);
    return MAPPER.writeValueAsString(root);
  }

  static void assertSameKeys(KeyMaterial actual, KeyMaterial expected) {
    assertThat(actual.linkage().id()).isEqualTo(expected.linkage().id());
    assertThat(actual.linkage().key().equalsSecret(expected.linkage().key())).isTrue();
    assertThat(actual.prf().id()).isEqualTo(expected.prf().id());
    assertThat(actual.prf().key().equalsSecret(expected.prf().key())).isTrue();
    assertThat(actual.site().primaryId()).isEqualTo(expected.site().primaryId());
    assertThat(actual.site().keys()).hasSameSizeAs(expected.site().keys());
    for (int i = 0; i < expected.site().keys().size(); i++) {
      SiteKey a = actual.site().keys().get(i);
      SiteKey e = expected.site().keys().get(i);
      assertThat(a.id()).isEqualTo(e.id());
      assertThat(a.status()).isEqualTo(e.status());
      assertThat(a.key().equalsSecret(e.key())).isTrue();
    }
  }
}
