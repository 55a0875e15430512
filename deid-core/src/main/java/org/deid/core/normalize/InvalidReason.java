package org.deid.core.normalize;

/**
 * The stable reason codes carried by {@link Normalized#invalid(String)}.
 *
 * <p>Codes are part of deid's reporting contract: run reports count invalid values per column and
 * reason, so a code is never renamed once released. Each code is a short lower-case ASCII word and
 * never contains the value that was rejected. See {@code docs/normalization.md} for which rule
 * produces which code.
 */
public final class InvalidReason {
  /** The value is empty or only whitespace. */
  public static final String MISSING = "missing";

  /** The value is a known placeholder such as {@code UNKNOWN}, {@code N/A} or {@code TEST}. */
  public static final String PLACEHOLDER = "placeholder";

  /** The value does not have an accepted shape (wrong characters, length or layout). */
  public static final String FORMAT = "format";

  /** A date with an accepted shape that does not exist in the calendar (for example Feb 30). */
  public static final String CALENDAR = "calendar";

  /** A date outside the plausible range (before the profile's earliest date or after today). */
  public static final String RANGE = "range";

  /** A name that has no Latin letter left after cleaning. */
  public static final String NO_LETTERS = "no_letters";

  /** A last name that is too short (one letter; OpenToken also two letters without a vowel). */
  public static final String TOO_SHORT = "too_short";

  /** A sex value that is recorded but not binary (X, other, non-binary): absent, never guessed. */
  public static final String NOT_BINARY = "not_binary";

  /** An SSN whose area number (first three digits) is never issued: 000, 666 or 900-999. */
  public static final String SSN_AREA = "ssn_area";

  /** An SSN whose group number (digits four and five) is 00. */
  public static final String SSN_GROUP = "ssn_group";

  /** An SSN whose serial number (last four digits) is 0000. */
  public static final String SSN_SERIAL = "ssn_serial";

  /** A well-known fake, advertising or test SSN such as 078-05-1120 or 123-45-6789. */
  public static final String SSN_KNOWN_FAKE = "ssn_known_fake";

  /** A postal code that is reserved, never assigned or a known placeholder (00000, H0H 0H0). */
  public static final String ZIP_RESERVED = "zip_reserved";

  /** A NANP number whose area code is not assignable (starts with 0 or 1, or is an N11 code). */
  public static final String PHONE_AREA = "phone_area";

  /** A NANP number whose exchange is not assignable (starts with 0 or 1, or is an N11 code). */
  public static final String PHONE_EXCHANGE = "phone_exchange";

  /** A NANP number in the fictional range 555-0100 to 555-0199. */
  public static final String PHONE_FICTIONAL = "phone_fictional";

  private InvalidReason() {}
}
