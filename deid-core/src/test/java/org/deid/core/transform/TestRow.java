package org.deid.core.transform;

import java.util.ArrayList;
import java.util.List;

/** A row context for tests: fixed fields and person key; records invalid-value counts. */
public final class TestRow implements RowContext {
  private final String[] fields;
  private final byte[] personKey;
  private final List<String> invalid = new ArrayList<>();

  private TestRow(byte[] personKey, String... fields) {
    this.fields = fields;
    this.personKey = personKey;
  }

  /**
   * @return a row with no other fields and no person key
   */
  public static TestRow empty() {
    return new TestRow(new byte[0]);
  }

  /**
   * @param fields the raw fields of the row
   * @return a row with those fields and no person key
   */
  public static TestRow withFields(String... fields) {
    return new TestRow(new byte[0], fields);
  }

  /**
   * @param personKey the person key
   * @return a row with that person key
   */
  public static TestRow forPerson(byte[] personKey) {
    return new TestRow(personKey.clone());
  }

  @Override
  public long lineNumber() {
    return 2;
  }

  @Override
  public String field(int columnIndex) {
    return columnIndex < fields.length ? fields[columnIndex] : "";
  }

  @Override
  public byte[] personKey() {
    return personKey;
  }

  @Override
  public void countInvalid(String column, String reason) {
    invalid.add(column + ":" + reason);
  }

  /**
   * @return the counts recorded, as {@code column:reason}
   */
  public List<String> invalid() {
    return invalid;
  }
}
