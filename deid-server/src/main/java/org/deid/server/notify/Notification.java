package org.deid.server.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a job notification says: ids, state, counts and the reason. Never file content or PII.
 *
 * @param eventId the outbox event id (unique; receivers can de-duplicate on it)
 * @param jobId the job
 * @param clientId the client
 * @param state the terminal state
 * @param attempts attempts made
 * @param rowsRead rows read
 * @param rowsWritten rows written
 * @param rowsRejected rows rejected
 * @param reason why it failed or was cancelled, if so
 * @param at when the state changed
 */
public record Notification(
    long eventId,
    String jobId,
    String clientId,
    String state,
    int attempts,
    long rowsRead,
    long rowsWritten,
    long rowsRejected,
    Optional<String> reason,
    Instant at) {
  /**
   * Returns the fields as an ordered map (the webhook's JSON body).
   *
   * @return the fields; {@code reason} only when present
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("eventId", eventId);
    map.put("jobId", jobId);
    map.put("state", state);
    map.put("attempts", attempts);
    map.put("rowsRead", rowsRead);
    map.put("rowsWritten", rowsWritten);
    map.put("rowsRejected", rowsRejected);
    reason.ifPresent(r -> map.put("reason", r));
    map.put("at", at.toString());
    return map;
  }
}
