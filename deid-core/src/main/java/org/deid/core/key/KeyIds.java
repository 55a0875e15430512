package org.deid.core.key;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Rules for key ids: printable text ids for single keys, non-zero 32-bit ids for site keys. */
final class KeyIds {
  private static final Pattern TEXT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private KeyIds() {}

  static void checkTextId(String kind, String id) {
    if (id == null || !TEXT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          kind + " key id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
  }

  static String randomTextId(String prefix, SecureRandom random) {
    byte[] raw = new byte[4];
    random.nextBytes(raw);
    return prefix + "-" + HexFormat.of().formatHex(raw);
  }

  /** Draws a random non-zero 32-bit id not in use, as Tink does for keyset entries. */
  static int randomSiteKeyId(SecureRandom random, java.util.function.IntPredicate taken) {
    int id;
    do {
      id = random.nextInt();
    } while (id == 0 || taken.test(id));
    return id;
  }
}
