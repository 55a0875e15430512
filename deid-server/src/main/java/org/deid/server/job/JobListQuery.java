package org.deid.server.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Which of a client's jobs to list: newest first, at most {@code limit}, optionally in one state,
 * and optionally after a position returned with a previous page, so every job can be reached
 * however many there are (keyset paging: a page is stable while new jobs arrive).
 *
 * @param limit the most jobs, at least 1
 * @param state only jobs in this state, empty for all
 * @param after only jobs listed after this position, empty for the newest
 */
public record JobListQuery(int limit, Optional<JobState> state, Optional<Position> after) {
  /** The largest page a client may ask for. */
  public static final int MAX_LIMIT = 1000;

  /**
   * Checks the limit.
   *
   * @throws IllegalArgumentException if it is below 1
   */
  public JobListQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("a job list needs a limit of at least 1");
    }
  }

  /**
   * The newest jobs of every state.
   *
   * @param limit the most jobs
   * @return the query
   */
  public static JobListQuery newest(int limit) {
    return new JobListQuery(limit, Optional.empty(), Optional.empty());
  }

  /**
   * A place in the newest-first order: the last job of a page.
   *
   * @param createdAt when that job was submitted
   * @param jobId its id (orders jobs submitted in the same millisecond)
   */
  public record Position(Instant createdAt, String jobId) {
    private static final String VERSION = "1";

    /**
     * Returns the position of a job.
     *
     * @param job the job
     * @return its position
     */
    public static Position of(Job job) {
      return new Position(job.createdAt(), job.id());
    }

    /**
     * Returns the opaque cursor a client passes back as {@code after}.
     *
     * @return base64url text
     */
    public String encode() {
      String text = VERSION + ":" + createdAt.toEpochMilli() + ":" + jobId;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor made by {@link #encode()}.
     *
     * @param cursor the cursor
     * @return the position
     * @throws JobRequestException (400) if it is not such a cursor
     */
    public static Position decode(String cursor) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION) || parts[2].isEmpty()) {
          throw new IllegalArgumentException("not a cursor");
        }
        return new Position(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
      } catch (IllegalArgumentException e) {
        throw new JobRequestException(
            400, "'after' is not a cursor returned as 'next' by an earlier page");
      }
    }
  }
}
