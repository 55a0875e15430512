package org.deid.core.transform;

import java.time.LocalDate;

/**
 * What the birth-date transforms share: parse the birth date and the reference date, count what is
 * invalid, and let the subclass render a valid pair. Blank input gives empty output without a
 * count; an invalid birth date ({@code format}, {@code calendar}), a missing or invalid reference
 * date ({@code as_of_invalid}) or a birth date after it ({@code after_reference}) give empty output
 * and a count.
 */
abstract class BirthDateTransform extends DateFieldTransform {
  private final AgeReference reference;

  BirthDateTransform(String column, AgeReference reference) {
    super(column);
    this.reference = reference;
  }

  @Override
  final String transform(ParsedDate birth, RowContext row) {
    ParsedDate asOf = reference.resolve(row);
    if (!asOf.isValid()) {
      return invalid(row, "as_of_invalid");
    }
    LocalDate birthDate = birth.toLocalDate();
    LocalDate asOfDate = asOf.toLocalDate();
    if (birthDate.isAfter(asOfDate)) {
      return invalid(row, "after_reference");
    }
    return render(birth, birthDate, asOfDate);
  }

  /**
   * Renders a valid birth date that is not after the reference date.
   *
   * @param birth the parsed birth date (keeps the input's text)
   * @param birthDate the birth date
   * @param asOf the reference date
   * @return the output value
   */
  abstract String render(ParsedDate birth, LocalDate birthDate, LocalDate asOf);
}
