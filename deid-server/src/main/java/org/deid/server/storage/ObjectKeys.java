package org.deid.server.storage;

/**
 * Validates object keys and prefixes given by clients: relative slash-separated paths without
 * {@code .} or {@code ..} segments, empty segments, backslashes, drive letters or control
 * characters, at most 1024 characters. Messages never repeat the key (it could hold anything).
 */
public final class ObjectKeys {
  /** The longest accepted key. */
  public static final int MAX_LENGTH = 1024;

  /**
   * The order of keys in listings: by Unicode code point, which is the UTF-8 byte order that S3
   * lists in (Java's {@link String#compareTo} differs for characters beyond U+FFFF).
   */
  public static final java.util.Comparator<String> ORDER = ObjectKeys::compareCodePoints;

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private ObjectKeys() {}

  /**
   * Checks an object key (a file name, not ending with {@code /}).
   *
   * @param key the key
   * @return the same key
   * @throws InvalidKeyException if it is not acceptable
   */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidKeyException("the object key is empty");
    }
    if (key.endsWith("/")) {
      throw new InvalidKeyException("an object key must not end with '/'");
    }
    checkPath(key);
    return key;
  }

  /**
   * Checks a prefix: empty, or a valid key path that may end with {@code /}.
   *
   * @param prefix the prefix
   * @return the same prefix
   * @throws InvalidKeyException if it is not acceptable
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    checkPath(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }

  private static void checkPath(String path) {
    if (path.length() > MAX_LENGTH) {
      throw new InvalidKeyException("the object key is longer than " + MAX_LENGTH + " characters");
    }
    if (path.startsWith("/")) {
      throw new InvalidKeyException("the object key must be relative (no leading '/')");
    }
    for (int i = 0; i < path.length(); i++) {
      char ch = path.charAt(i);
      if (Character.isISOControl(ch)) {
        throw new InvalidKeyException(
            "the object key contains a control character at position " + (i + 1));
      }
      if (ch == '\\') {
        throw new InvalidKeyException("the object key contains '\\'; use '/' between folders");
      }
    }
    String[] segments = path.split("/", -1);
    if (segments[0].length() == 2 && segments[0].charAt(1) == ':') {
      throw new InvalidKeyException("the object key must be relative (no drive letter)");
    }
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new InvalidKeyException("the object key contains an empty segment ('//')");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidKeyException("the object key contains a '.' or '..' segment");
      }
    }
  }
}
