package org.deid.server.tenant;

import java.util.List;

/**
 * Where a client's job notifications go.
 *
 * @param emails e-mail addresses (success and failure)
 * @param webhooks HTTPS or HTTP URLs (every terminal state), signed with the client's secret
 */
public record NotificationTargets(List<String> emails, List<String> webhooks) {
  /** Copies the lists. */
  public NotificationTargets {
    emails = List.copyOf(emails);
    webhooks = List.copyOf(webhooks);
  }
}
