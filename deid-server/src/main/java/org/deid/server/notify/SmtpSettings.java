package org.deid.server.notify;

import java.util.Optional;

/**
 * The SMTP server for job e-mails.
 *
 * @param host the host
 * @param port the port
 * @param from the sender address
 * @param user the login, if the server needs one
 * @param password the password (from the environment or a file, never a flag)
 * @param startTls whether to require STARTTLS
 */
public record SmtpSettings(
    String host,
    int port,
    String from,
    Optional<String> user,
    Optional<String> password,
    boolean startTls) {
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", from="
        + from
        + ", user="
        + user
        + ", startTls="
        + startTls
        + "]";
  }
}
