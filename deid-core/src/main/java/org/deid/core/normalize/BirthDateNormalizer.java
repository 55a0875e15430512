package org.deid.core.normalize;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Normalizes birth dates to {@code yyyy-MM-dd}.
 *
 * <p>Options select the accepted shapes ({@link DateShapes}), the earliest plausible date and
 * whether surrounding whitespace is ignored; the latest plausible date is the injected {@code
 * today} (inclusive). Calendar validation is strict (no February 30, no month 13). Date-times with
 * an offset are converted to UTC before the date is taken; date-times without one keep their local
 * date.
 *
 * <p>Thread-safe and deterministic for a given {@code today}. Invalid values give {@code format},
 * {@code calendar} or {@code range}.
 */
public final class BirthDateNormalizer implements AttributeNormalizer {
  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized FORMAT = Normalized.invalid(InvalidReason.FORMAT);
  private static final Normalized CALENDAR = Normalized.invalid(InvalidReason.CALENDAR);
  private static final Normalized RANGE = Normalized.invalid(InvalidReason.RANGE);

  private final DateShapes shapes;
  private final boolean strip;
  private final int earliest;
  private final int latest;

  private BirthDateNormalizer(
      DateShapes shapes, boolean strip, LocalDate earliest, LocalDate today) {
    this.shapes = shapes;
    this.strip = strip;
    this.earliest =
        DateShapes.pack(earliest.getYear(), earliest.getMonthValue(), earliest.getDayOfMonth());
    Objects.requireNonNull(today, "today");
    this.latest = DateShapes.pack(today.getYear(), today.getMonthValue(), today.getDayOfMonth());
  }

  /**
   * deid-v1: {@code yyyy-MM-dd}, {@code yyyyMMdd}, {@code yyyy/MM/dd}, {@code M/d/yyyy}, {@code
   * M-d-yyyy} and ISO date-times; surrounding whitespace ignored; range 1900-01-01 to {@code
   * today}.
   *
   * @param today the latest accepted birth date (inclusive)
   * @return the normalizer
   */
  public static BirthDateNormalizer deidV1(LocalDate today) {
    return new BirthDateNormalizer(DateShapes.DEID_V1, true, LocalDate.of(1900, 1, 1), today);
  }

  /**
   * OpenToken 1.12: {@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code MM/dd/yyyy}, {@code MM-dd-yyyy},
   * {@code dd.MM.yyyy} and {@code yyyy-MM-ddTHH:mm:ss[.SSS]} with a required {@code Z} or {@code
   * ±hh:mm}; no surrounding whitespace; range 1910-01-01 to {@code today}.
   *
   * @param today the latest accepted birth date (inclusive)
   * @param lenient also accept surrounding whitespace, {@code M/d/yyyy} and date-times without an
   *     offset (OPENTOKEN_LENIENT)
   * @return the normalizer
   */
  public static BirthDateNormalizer openToken(LocalDate today, boolean lenient) {
    return new BirthDateNormalizer(
        lenient ? DateShapes.OPENTOKEN_LENIENT : DateShapes.OPENTOKEN,
        lenient,
        LocalDate.of(1910, 1, 1),
        today);
  }

  @Override
  public Attribute attribute() {
    return Attribute.BIRTH_DATE;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    int date = shapes.parse(strip ? Chars.strip(raw) : raw);
    if (date == DateShapes.BAD_FORMAT) {
      return FORMAT;
    }
    if (date == DateShapes.BAD_CALENDAR) {
      return CALENDAR;
    }
    if (date < earliest || date > latest) {
      return RANGE;
    }
    return Normalized.valid(DateShapes.format(date));
  }
}
