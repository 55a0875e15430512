package org.deid.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"a.csv", "inbox/patients.csv", "a b/c-d_e.csv.gz", "x/.hidden", "ü/ö.csv"})
  void checkKey_relativePaths_areAccepted(String key) {
    assertThat(ObjectKeys.checkKey(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/etc/passwd",
        "../x",
        "a/../b",
        "a/./b",
        "..",
        "a//b",
        "a/",
        "a\\b",
        "C:/x",
        "a\nb",
        "a\u0000b",
        "a\u007fb",
        "a\u0085b"
      })
  void checkKey_unsafePaths_areRejectedWithoutEchoingTheKey(String key) {
    assertThatThrownBy(() -> ObjectKeys.checkKey(key))
        .isInstanceOf(InvalidKeyException.class)
        .satisfies(
            e -> {
              if (key.length() > 3) {
                assertThat(e.getMessage()).doesNotContain(key);
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "out/", "out", "a/b/"})
  void checkPrefix_folderPrefixes_areAccepted(String prefix) {
    assertThat(ObjectKeys.checkPrefix(prefix)).isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "../", "a/../", "//"})
  void checkPrefix_unsafePrefixes_areRejected(String prefix) {
    assertThatThrownBy(() -> ObjectKeys.checkPrefix(prefix))
        .isInstanceOf(InvalidKeyException.class);
  }

  @org.junit.jupiter.api.Test
  void checkKey_tooLong_isRejected() {
    assertThatThrownBy(() -> ObjectKeys.checkKey("a".repeat(1025)))
        .isInstanceOf(InvalidKeyException.class);
  }
}
