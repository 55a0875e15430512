package org.deid.server.activity;

import java.util.Locale;

/**
 * The kinds of client activity that are notified besides job state changes. Webhooks receive every
 * kind; e-mail only the kinds a person should read (an inbox job started or refused).
 */
public enum ActivityKind {
  /** A successful SFTP login. */
  SFTP_LOGIN("sftp.login", false),
  /** An SFTP connection that tried to log in as the client and never succeeded. */
  SFTP_LOGIN_FAILED("sftp.login_failed", false),
  /** A file uploaded over SFTP is complete and visible. */
  SFTP_UPLOAD("sftp.upload", false),
  /** An inbox rule started a job for a file that landed. */
  INBOX_JOB_STARTED("inbox.job_started", true),
  /** An inbox rule matched a file but its job was refused (for example: no keys yet). */
  INBOX_JOB_REFUSED("inbox.job_refused", true);

  private final String eventName;
  private final boolean mailed;

  ActivityKind(String eventName, boolean mailed) {
    this.eventName = eventName;
    this.mailed = mailed;
  }

  /**
   * Returns the name used in webhooks, e-mail and the database.
   *
   * @return for example {@code sftp.login}
   */
  public String eventName() {
    return eventName;
  }

  /**
   * Tells whether this kind is also sent by e-mail.
   *
   * @return true for e-mailed kinds
   */
  public boolean mailed() {
    return mailed;
  }

  /**
   * Finds a kind by its event name.
   *
   * @param name the event name
   * @return the kind
   * @throws IllegalArgumentException if none has this name
   */
  public static ActivityKind ofEventName(String name) {
    for (ActivityKind kind : values()) {
      if (kind.eventName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown activity kind " + name.toLowerCase(Locale.ROOT));
  }
}
