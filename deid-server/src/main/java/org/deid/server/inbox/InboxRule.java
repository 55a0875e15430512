package org.deid.server.inbox;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.Optional;

/**
 * One inbox rule of a client: a complete file whose key matches {@code pathGlob} starts a job that
 * writes to {@code outputPrefix}, with the given policy version or the current one.
 *
 * <p>Globs follow {@link java.nio.file.FileSystem#getPathMatcher} on slash-separated keys: {@code
 * *} and {@code ?} stay inside one folder, {@code **} crosses folders, {@code [abc]} and {@code
 * {csv,tsv}} as usual. Matching is case-sensitive.
 *
 * @param id the rule id
 * @param clientId the owning client
 * @param pathGlob the glob, for example {@code inbox/*.csv}
 * @param outputPrefix the output folder (ends with {@code /})
 * @param policyVersion the policy version to use, empty for the current one at submission
 * @param createdAt when the rule was first set
 * @param updatedAt when it last changed
 */
public record InboxRule(
    String id,
    String clientId,
    String pathGlob,
    String outputPrefix,
    Optional<Integer> policyVersion,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * Tells whether a client's object key matches this rule.
   *
   * @param key the key relative to the client's space
   * @return true if the glob matches
   */
  public boolean matches(String key) {
    return matches(pathGlob, key);
  }

  /**
   * Tells whether a key matches a glob.
   *
   * @param glob the glob
   * @param key the key
   * @return true if it matches
   */
  static boolean matches(String glob, String key) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    try {
      return matcher.matches(Path.of(key));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Returns the literal leading folders of the glob (every file it matches is under them).
   *
   * @return for example {@code inbox/} for {@code inbox/*.csv}
   */
  public String baseFolder() {
    return baseFolder(pathGlob);
  }

  static String baseFolder(String glob) {
    StringBuilder base = new StringBuilder();
    String[] segments = glob.split("/", -1);
    for (int i = 0; i < segments.length - 1; i++) {
      if (hasWildcard(segments[i])) {
        break;
      }
      base.append(segments[i]).append('/');
    }
    return base.toString();
  }

  static boolean hasWildcard(String segment) {
    for (char ch : new char[] {'*', '?', '[', ']', '{', '}'}) {
      if (segment.indexOf(ch) >= 0) {
        return true;
      }
    }
    return false;
  }
}
