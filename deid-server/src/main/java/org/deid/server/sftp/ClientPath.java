package org.deid.server.sftp;

import java.nio.file.LinkOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.sshd.common.file.util.BasePath;

/**
 * A path in one client's SFTP view. The view's root {@code /} is the client's own space: {@code ..}
 * never climbs above it, and an absolute path names a file of the same client.
 */
final class ClientPath extends BasePath<ClientPath, ClientFileSystem> {
  ClientPath(ClientFileSystem fileSystem, String root, List<String> names) {
    super(fileSystem, root, names);
  }

  @Override
  public ClientPath toRealPath(LinkOption... options) {
    return toAbsolutePath().normalize();
  }

  /**
   * Returns the client's object key this path names: the absolute path with {@code .} and {@code
   * ..} resolved inside the root, without the leading slash ({@code ""} for the root).
   *
   * @return the key
   */
  String key() {
    Deque<String> segments = new ArrayDeque<>();
    for (String name : toAbsolutePath().names) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        segments.pollLast();
        continue;
      }
      segments.addLast(name);
    }
    return String.join("/", segments);
  }
}
