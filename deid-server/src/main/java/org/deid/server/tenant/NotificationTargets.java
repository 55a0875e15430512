package org.deid.server.tenant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a client's job notifications go.
 *
 * @param emails e-mail addresses (success and failure)
 * @param webhooks HTTPS or HTTP URLs (every terminal state), signed with the client's secret
 */
public record NotificationTargets(List<String> emails, List<String> webhooks) {
  /** Copies the lists; an absent list is empty. */
  public NotificationTargets {
    emails = emails == null ? List.of() : List.copyOf(emails);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /**
   * Checks every address and URL.
   *
   * @throws TenantException (400) naming the first invalid entry by position, not by value
   */
  public void check() {
    for (int i = 0; i < emails.size(); i++) {
      String email = emails.get(i);
      if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
        throw TenantException.invalid("emails[" + i + "] is not a valid e-mail address");
      }
    }
    for (int i = 0; i < webhooks.size(); i++) {
      checkWebhook(i, webhooks.get(i));
    }
  }

  private static void checkWebhook(int index, String url) {
    String field = "webhooks[" + index + "]";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw TenantException.invalid(field + " must be an absolute http or https URL");
      }
      if (uri.getUserInfo() != null) {
        throw TenantException.invalid(field + " must not contain credentials");
      }
    } catch (URISyntaxException e) {
      throw TenantException.invalid(field + " is not a valid URL");
    }
  }
}
