package org.deid.core.transform;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Shifts a date by the row's per-person offset (see {@link DateShiftOffset}) and writes it back in
 * the input's own shape (see {@link ParsedDate#formatLike}). The same person key always gets the
 * same offset, so intervals between one person's dates survive, in every file of a client.
 *
 * <p>Deterministic and keyed; reversible only by someone who holds the keys and the person key.
 * This is an Expert Determination technique: it keeps month and day, so it does not satisfy Safe
 * Harbor (C). Output is empty, and the value counted as invalid, when the date is not valid ({@code
 * format}, {@code calendar}), the row has no person key ({@code no_person_key}) or the shifted year
 * leaves 0001-9999 ({@code range}). Blank input gives empty output without a count.
 *
 * <p>Thread-safe. Each thread remembers the last person key and offset, because one row usually has
 * several date columns for the same person.
 */
public final class DateShiftTransform extends DateFieldTransform {
  private final KeyedFunctions keys;
  private final int maxDays;
  private final ThreadLocal<LastOffset> last = ThreadLocal.withInitial(LastOffset::new);

  /**
   * Creates the transform.
   *
   * @param column the column name, for invalid-value counts
   * @param keys the client's keyed functions
   * @param maxDays the largest shift in days, 1 or more
   * @throws IllegalArgumentException when {@code maxDays} is below 1
   */
  public DateShiftTransform(String column, KeyedFunctions keys, int maxDays) {
    super(column);
    if (maxDays < 1) {
      throw new IllegalArgumentException("maxDays must be at least 1");
    }
    this.keys = keys;
    this.maxDays = maxDays;
  }

  /**
   * Shifts a valid date.
   *
   * @param date the parsed date
   * @param row the row, for the person key and invalid-value counts
   * @return the shifted date in the input's shape, or empty
   */
  @Override
  String transform(ParsedDate date, RowContext row) {
    byte[] personKey = row.personKey();
    if (personKey.length == 0) {
      return invalid(row, "no_person_key");
    }
    LocalDate shifted = date.toLocalDate().plusDays(offsetFor(personKey));
    if (shifted.getYear() < 1 || shifted.getYear() > 9999) {
      return invalid(row, "range");
    }
    return date.formatLike(shifted);
  }

  private int offsetFor(byte[] personKey) {
    LastOffset cache = last.get();
    if (!Arrays.equals(cache.personKey, personKey)) {
      cache.offset = DateShiftOffset.offsetDays(keys, personKey, maxDays);
      cache.personKey = personKey.clone();
    }
    return cache.offset;
  }

  /** One thread's most recent person key and its offset. */
  private static final class LastOffset {
    private byte[] personKey = new byte[0];
    private int offset;
  }
}
