package org.deid.server.activity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recorded activity of a client. Details are ids, names chosen by the client (file keys, its
 * own name), sizes, digests, key fingerprints and addresses: never file content, passwords or keys.
 *
 * @param id the event id (unique; webhooks carry it as {@code activity-ID})
 * @param clientId the client
 * @param kind what happened
 * @param details what to tell, in order
 * @param at when
 */
public record ActivityEvent(
    long id, String clientId, ActivityKind kind, Map<String, String> details, Instant at) {
  /** Copies the details, keeping their order. */
  public ActivityEvent {
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * Returns the id as webhooks and e-mail show it.
   *
   * @return {@code activity-ID}
   */
  public String eventId() {
    return "activity-" + id;
  }

  /**
   * Returns the webhook body: {@code eventId}, {@code event}, {@code at} and {@code details}.
   *
   * @return the fields in order
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("eventId", eventId());
    map.put("event", kind.eventName());
    map.put("at", at.toString());
    map.put("details", details);
    return map;
  }
}
