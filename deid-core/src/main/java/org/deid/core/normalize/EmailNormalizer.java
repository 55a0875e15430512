package org.deid.core.normalize;

import java.util.Locale;
import java.util.Set;

/**
 * Normalizes e-mail addresses to lower case.
 *
 * <p>Surrounding whitespace is ignored; the address is lower-cased with {@link Locale#ROOT}; it
 * must be printable ASCII without spaces, contain exactly one {@code @}, a local part of 1 to 64
 * characters and a domain with at least one dot, no empty label and no leading or trailing dot or
 * hyphen in a label; at most 254 characters. Sub-addresses ({@code +tag}) and Gmail dots are kept:
 * their meaning depends on the provider, so removing them could merge different people. Known
 * placeholder addresses ({@code noemail@...}, {@code none@none.com}) are {@code placeholder}. The
 * same rules apply to every profile (OpenToken has no e-mail attribute).
 *
 * <p>Thread-safe, deterministic.
 */
public final class EmailNormalizer implements AttributeNormalizer {
  private static final Set<String> PLACEHOLDER_LOCALS =
      Set.of(
          "noemail",
          "no-email",
          "no.email",
          "nomail",
          "none",
          "noreply",
          "no-reply",
          "donotreply",
          "unknown",
          "na",
          "n/a",
          "null",
          "declined",
          "refused",
          "noaddress",
          "notprovided",
          "test");
  private static final Set<String> PLACEHOLDER_DOMAINS =
      Set.of(
          "noemail.com",
          "none.com",
          "nomail.com",
          "unknown.com",
          "test.com",
          "example.com",
          "example.org",
          "example.net",
          "email.invalid",
          "na.com");

  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized FORMAT = Normalized.invalid(InvalidReason.FORMAT);
  private static final Normalized PLACEHOLDER = Normalized.invalid(InvalidReason.PLACEHOLDER);

  /** Creates the normalizer; it has no options. */
  public EmailNormalizer() {}

  @Override
  public Attribute attribute() {
    return Attribute.EMAIL;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    String s = Chars.strip(raw);
    int n = s.length();
    if (n > 254) {
      return FORMAT;
    }
    int at = -1;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return FORMAT;
      }
      if (c == '@') {
        if (at >= 0) {
          return FORMAT;
        }
        at = i;
      }
    }
    if (at < 1 || at > 64 || !isDomain(s, at + 1, n)) {
      return FORMAT;
    }
    String email = s.toLowerCase(Locale.ROOT);
    if (PLACEHOLDER_LOCALS.contains(email.substring(0, at))
        || PLACEHOLDER_DOMAINS.contains(email.substring(at + 1))) {
      return PLACEHOLDER;
    }
    return Normalized.valid(email);
  }

  /** Labels separated by dots, at least two, each non-empty without a leading/trailing hyphen. */
  private static boolean isDomain(String s, int from, int to) {
    int labels = 0;
    int labelStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (i == labelStart || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
          return false;
        }
        labels++;
        labelStart = i + 1;
      } else {
        char c = s.charAt(i);
        if (!(Chars.isAsciiLetter(c) || Chars.isAsciiDigit(c) || c == '-')) {
          return false;
        }
      }
    }
    return labels >= 2;
  }
}
