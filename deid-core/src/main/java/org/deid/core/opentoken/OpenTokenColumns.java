package org.deid.core.opentoken;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deid.core.normalize.Attribute;

/**
 * Finds OpenToken's input columns in a header: OpenToken's aliases, matched case-insensitively,
 * plus explicit {@code ROLE=COLUMN} mappings (for example {@code ssn=SSN}, a name OpenToken itself
 * silently ignores).
 */
public final class OpenTokenColumns {
  /** The attributes OpenToken uses, in its rule order of appearance. */
  public static final List<Attribute> ATTRIBUTES =
      List.of(
          Attribute.FIRST_NAME,
          Attribute.LAST_NAME,
          Attribute.BIRTH_DATE,
          Attribute.SEX,
          Attribute.POSTAL_CODE,
          Attribute.SSN);

  private static final Map<Attribute, List<String>> ALIASES = new EnumMap<>(Attribute.class);

  static {
    ALIASES.put(Attribute.FIRST_NAME, List.of("firstname", "givenname"));
    ALIASES.put(Attribute.LAST_NAME, List.of("lastname", "surname"));
    ALIASES.put(Attribute.BIRTH_DATE, List.of("birthdate", "dateofbirth"));
    ALIASES.put(Attribute.SEX, List.of("sex", "gender"));
    ALIASES.put(Attribute.POSTAL_CODE, List.of("postalcode", "zipcode", "zip3", "zip4", "zip5"));
    ALIASES.put(Attribute.SSN, List.of("socialsecuritynumber", "nationalidentificationnumber"));
  }

  private static final List<String> RECORD_ID_ALIASES = List.of("recordid", "id");

  private final int recordId;
  private final Map<Attribute, Integer> attributes;
  private final List<String> unused;

  private OpenTokenColumns(int recordId, Map<Attribute, Integer> attributes, List<String> unused) {
    this.recordId = recordId;
    this.attributes = attributes;
    this.unused = List.copyOf(unused);
  }

  /**
   * Resolves the columns of a header.
   *
   * @param header the input's column names
   * @param mappings explicit role to column mappings (role ids such as {@code ssn}, {@code
   *     record_id}); they win over aliases
   * @param sourceName the input's name for messages
   * @return the resolved columns
   * @throws OpenTokenException if a mapping names an unknown role or column, or no attribute column
   *     is present
   */
  public static OpenTokenColumns resolve(
      List<String> header, Map<String, String> mappings, String sourceName) {
    int recordId = find(header, RECORD_ID_ALIASES);
    Map<Attribute, Integer> found = new EnumMap<>(Attribute.class);
    for (Attribute attribute : ATTRIBUTES) {
      int index = find(header, ALIASES.get(attribute));
      if (index >= 0) {
        found.put(attribute, index);
      }
    }
    for (Map.Entry<String, String> mapping : mappings.entrySet()) {
      int index = header.indexOf(mapping.getValue());
      if (index < 0) {
        throw new OpenTokenException(
            sourceName
                + ": --map "
                + mapping.getKey()
                + "="
                + mapping.getValue()
                + ": the input has no such column (names are matched exactly)");
      }
      String role = mapping.getKey().toLowerCase(Locale.ROOT);
      if (role.equals("record_id") || role.equals("recordid")) {
        recordId = index;
        continue;
      }
      Optional<Attribute> attribute = Attribute.fromId(role).filter(ATTRIBUTES::contains);
      if (attribute.isEmpty()) {
        throw new OpenTokenException(
            "--map "
                + mapping.getKey()
                + "=...: unknown role (use one of "
                + "record_id, first_name, last_name, birth_date, sex, postal_code, ssn)");
      }
      found.put(attribute.get(), index);
    }
    if (found.isEmpty()) {
      throw new OpenTokenException(
          sourceName
              + ": no usable column: none of its "
              + header.size()
              + " columns is an OpenToken attribute column (FirstName, LastName, BirthDate, Sex,"
              + " PostalCode, SocialSecurityNumber or their aliases); use --map ROLE=COLUMN (the"
              + " names are not shown: a first line without these names may be data)");
    }
    List<String> unused = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (i != recordId && !found.containsValue(i)) {
        unused.add(header.get(i));
      }
    }
    return new OpenTokenColumns(recordId, found, unused);
  }

  /**
   * Returns the record id column.
   *
   * @return its index, or -1 when the input has none (the record id is then empty)
   */
  public int recordId() {
    return recordId;
  }

  /**
   * Returns the column of an attribute.
   *
   * @param attribute one of {@link #ATTRIBUTES}
   * @return its index, or -1 when the input has no such column (the attribute is then missing)
   */
  public int column(Attribute attribute) {
    return attributes.getOrDefault(attribute, -1);
  }

  /**
   * Lists the attributes the input lacks, for a warning.
   *
   * @return missing attributes
   */
  public List<Attribute> missing() {
    List<Attribute> missing = new ArrayList<>();
    for (Attribute attribute : ATTRIBUTES) {
      if (!attributes.containsKey(attribute)) {
        missing.add(attribute);
      }
    }
    return missing;
  }

  /**
   * Lists the input columns that are neither the record id nor an attribute, for a warning (a
   * column called {@code SSN} is one: OpenToken ignores it, deid says so and takes {@code --map}).
   *
   * @return the unused column names, in header order
   */
  public List<String> unused() {
    return unused;
  }

  private static int find(List<String> header, List<String> aliases) {
    for (int i = 0; i < header.size(); i++) {
      if (aliases.contains(header.get(i).trim().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
