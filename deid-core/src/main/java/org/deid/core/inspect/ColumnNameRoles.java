package org.deid.core.inspect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Guesses a policy role from a column name: an exact synonym (after lower-casing and turning
 * separators into {@code _}) is a strong hint, a synonym as the last or first word a weaker one
 * ({@code patient_dob}, {@code admit_date}).
 */
final class ColumnNameRoles {
  /** A role guessed from a name and how strong the hint is. */
  record Hint(String role, double confidence) {}

  private static final Map<String, String> SYNONYMS = new LinkedHashMap<>();

  static {
    add(
        "first_name",
        "first_name",
        "firstname",
        "fname",
        "given_name",
        "givenname",
        "first",
        "forename",
        "given");
    add(
        "last_name",
        "last_name",
        "lastname",
        "lname",
        "surname",
        "family_name",
        "familyname",
        "last");
    add("middle_name", "middle_name", "middlename", "mname", "middle_initial", "middle");
    add(
        "birth_date",
        "birth_date",
        "birthdate",
        "dob",
        "date_of_birth",
        "dateofbirth",
        "birthday",
        "bdate",
        "birth_dt");
    add("sex", "sex", "gender");
    add(
        "ssn",
        "ssn",
        "soc_sec_id",
        "social_security_number",
        "socialsecuritynumber",
        "social_security",
        "ss_number",
        "ssn_number");
    add(
        "postal_code",
        "postal_code",
        "postalcode",
        "postcode",
        "post_code",
        "zip",
        "zipcode",
        "zip_code",
        "zip5");
    add(
        "phone",
        "phone",
        "telephone",
        "phone_number",
        "phonenumber",
        "tel",
        "mobile",
        "cell",
        "home_phone",
        "work_phone",
        "cell_phone");
    add("fax", "fax", "fax_number");
    add("email", "email", "e_mail", "email_address", "mail");
    add(
        "street_address",
        "street_address",
        "address",
        "street",
        "address_1",
        "address_2",
        "address1",
        "address2",
        "addr",
        "street_number",
        "address_line",
        "house_number");
    add("city", "city", "town", "suburb", "locality");
    add("county", "county");
    add("state", "state", "province", "state_code");
    add("age", "age", "age_years");
    add("mrn", "mrn", "medical_record_number", "medical_record", "chart_number");
    add(
        "member_id",
        "member_id",
        "memberid",
        "subscriber_id",
        "policy_number",
        "member_number",
        "beneficiary_id",
        "health_plan_id");
    add("account_number", "account_number", "account", "acct", "account_id", "acct_number");
    add(
        "license_number",
        "license_number",
        "license",
        "licence",
        "drivers_license",
        "licence_number",
        "dl_number");
    add("vehicle_id", "vehicle_id", "vin", "license_plate", "plate_number");
    add("device_id", "device_id", "serial_number", "udi", "device_serial");
    add("url", "url", "website", "homepage", "web_address");
    add("ip_address", "ip_address", "ip", "ipaddress", "ip_addr");
    add("record_id", "record_id", "rec_id", "id", "patient_id", "person_id", "row_id");
    add(
        "free_text",
        "note",
        "notes",
        "comment",
        "comments",
        "text",
        "description",
        "narrative",
        "remarks");
    add(
        "date",
        "date",
        "admit_date",
        "admission_date",
        "discharge_date",
        "service_date",
        "visit_date",
        "death_date",
        "date_of_service",
        "dos");
  }

  private static void add(String role, String... names) {
    for (String name : names) {
      SYNONYMS.putIfAbsent(name, role);
    }
  }

  private ColumnNameRoles() {}

  static String normalized(String name) {
    return name.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_|_$", "");
  }

  static Optional<Hint> guess(String columnName) {
    String name = normalized(columnName);
    String exact = SYNONYMS.get(name);
    if (exact != null) {
      return Optional.of(new Hint(exact, 0.9));
    }
    List<String> words = List.of(name.split("_"));
    if (words.size() > 1) {
      for (int take = words.size() - 1; take >= 1; take--) {
        String tail = String.join("_", words.subList(words.size() - take, words.size()));
        String head = String.join("_", words.subList(0, take));
        String role = SYNONYMS.getOrDefault(tail, SYNONYMS.get(head));
        if (role != null) {
          return Optional.of(new Hint(role, 0.7));
        }
      }
      String last = words.get(words.size() - 1);
      if (last.equals("dt") || last.equals("date")) {
        return Optional.of(new Hint("date", 0.7));
      }
    }
    return Optional.empty();
  }

  /**
   * @return whether the name is a known synonym of any role (header evidence)
   */
  static boolean isKnown(String columnName) {
    return SYNONYMS.containsKey(normalized(columnName));
  }
}
