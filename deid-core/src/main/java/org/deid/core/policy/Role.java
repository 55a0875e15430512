package org.deid.core.policy;

import java.util.Optional;
import org.deid.core.normalize.Attribute;

/**
 * What a column holds, in Safe Harbor terms. Roles that are identifying {@link Attribute}s also
 * feed the token rules. The Safe Harbor identifier each role belongs to is in {@code
 * docs/policy.md}.
 */
public enum Role {
  /** Given name; token attribute. (A) */
  FIRST_NAME("first_name", Attribute.FIRST_NAME),
  /** Family name; token attribute. (A) */
  LAST_NAME("last_name", Attribute.LAST_NAME),
  /** Date of birth; token attribute. (C) */
  BIRTH_DATE("birth_date", Attribute.BIRTH_DATE),
  /** Administrative sex; token attribute. Not a Safe Harbor identifier. */
  SEX("sex", Attribute.SEX),
  /** Social Security number; token attribute. (G) */
  SSN("ssn", Attribute.SSN),
  /** ZIP or postal code; token attribute. (B) */
  POSTAL_CODE("postal_code", Attribute.POSTAL_CODE),
  /** Telephone number; token attribute. (D) */
  PHONE("phone", Attribute.PHONE),
  /** E-mail address; token attribute. (F) */
  EMAIL("email", Attribute.EMAIL),
  /** Middle name. (A) */
  MIDDLE_NAME("middle_name", null),
  /** Street address. (B) */
  STREET_ADDRESS("street_address", null),
  /** City. (B) */
  CITY("city", null),
  /** County. (B) */
  COUNTY("county", null),
  /** State; not smaller than a state, so releasable. */
  STATE("state", null),
  /** A date related to the person (admission, discharge, death, service). (C) */
  DATE("date", null),
  /** An age in years. (C) */
  AGE("age", null),
  /** Fax number. (E) */
  FAX("fax", null),
  /** Medical record number. (H) */
  MRN("mrn", null),
  /** Health plan beneficiary number. (I) */
  MEMBER_ID("member_id", null),
  /** Account number. (J) */
  ACCOUNT_NUMBER("account_number", null),
  /** Certificate or license number. (K) */
  LICENSE_NUMBER("license_number", null),
  /** Vehicle identifier, serial number or plate. (L) */
  VEHICLE_ID("vehicle_id", null),
  /** Device identifier or serial number. (M) */
  DEVICE_ID("device_id", null),
  /** Web URL. (N) */
  URL("url", null),
  /** IP address. (O) */
  IP_ADDRESS("ip_address", null),
  /** Biometric identifier. (P) */
  BIOMETRIC_ID("biometric_id", null),
  /** Full-face photograph or comparable image (or a reference to one). (Q) */
  PHOTO("photo", null),
  /** Any other unique identifying number, characteristic or code. (R) */
  OTHER_IDENTIFIER("other_identifier", null),
  /** A record or row identifier of the source system. (R) */
  RECORD_ID("record_id", null),
  /** Free text, which may contain any identifier. */
  FREE_TEXT("free_text", null);

  private final String id;
  private final Attribute attribute;

  Role(String id, Attribute attribute) {
    this.id = id;
    this.attribute = attribute;
  }

  /**
   * Returns the policy identifier.
   *
   * @return the lower-case id, for example {@code street_address}
   */
  public String id() {
    return id;
  }

  /**
   * Returns the token attribute this role feeds.
   *
   * @return the attribute, or empty for roles that do not feed tokens
   */
  public Optional<Attribute> attribute() {
    return Optional.ofNullable(attribute);
  }
}
