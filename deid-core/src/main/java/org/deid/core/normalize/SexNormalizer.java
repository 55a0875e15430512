package org.deid.core.normalize;

import java.util.Locale;
import java.util.Set;

/**
 * Normalizes administrative sex to a binary value, or reports it as absent.
 *
 * <p>deid-v1: {@code M}, {@code MALE}, {@code F}, {@code FEMALE} in any case, surrounding
 * whitespace ignored, give {@code M} / {@code F}. OpenToken: exactly {@code M}, {@code m}, {@code
 * Male}, {@code male}, {@code F}, {@code f}, {@code Female}, {@code female}, giving {@code MALE} /
 * {@code FEMALE}; the lenient variant accepts any case and surrounding whitespace. Token rules that
 * combine sex with other attributes need a binary value to agree with OpenToken's choice, so every
 * other value (U, X, other, unknown) is invalid rather than guessed.
 *
 * <p>Thread-safe, deterministic, allocation-free.
 */
public final class SexNormalizer implements AttributeNormalizer {
  private static final Set<String> UNKNOWN =
      Set.of(
          "U",
          "UN",
          "UNK",
          "UNKN",
          "UNKNOWN",
          "NA",
          "N/A",
          "NULL",
          "NONE",
          "?",
          "UNDETERMINED",
          "NOT STATED",
          "NOT RECORDED",
          "DECLINED",
          "REFUSED");
  private static final Set<String> NOT_BINARY =
      Set.of(
          "X",
          "O",
          "OTHER",
          "NB",
          "NONBINARY",
          "NON-BINARY",
          "NON BINARY",
          "I",
          "INTERSEX",
          "A",
          "AMBIGUOUS");

  private static final Normalized MISSING = Normalized.invalid(InvalidReason.MISSING);
  private static final Normalized FORMAT = Normalized.invalid(InvalidReason.FORMAT);
  private static final Normalized PLACEHOLDER = Normalized.invalid(InvalidReason.PLACEHOLDER);
  private static final Normalized NOT_BINARY_VALUE = Normalized.invalid(InvalidReason.NOT_BINARY);

  private enum Style {
    DEID_V1,
    OPENTOKEN,
    OPENTOKEN_LENIENT
  }

  private final Style style;
  private final Normalized male;
  private final Normalized female;

  private SexNormalizer(Style style) {
    this.style = style;
    boolean deid = style == Style.DEID_V1;
    this.male = Normalized.valid(deid ? "M" : "MALE");
    this.female = Normalized.valid(deid ? "F" : "FEMALE");
  }

  /**
   * Returns the deid-v1 normalizer (output {@code M} or {@code F}).
   *
   * @return the normalizer
   */
  public static SexNormalizer deidV1() {
    return new SexNormalizer(Style.DEID_V1);
  }

  /**
   * Returns the OpenToken normalizer (output {@code MALE} or {@code FEMALE}).
   *
   * @param lenient accept any case and surrounding whitespace (OPENTOKEN_LENIENT)
   * @return the normalizer
   */
  public static SexNormalizer openToken(boolean lenient) {
    return new SexNormalizer(lenient ? Style.OPENTOKEN_LENIENT : Style.OPENTOKEN);
  }

  @Override
  public Attribute attribute() {
    return Attribute.SEX;
  }

  @Override
  public Normalized normalize(String raw) {
    if (raw.isBlank()) {
      return MISSING;
    }
    if (style == Style.OPENTOKEN) {
      return exactOpenToken(raw);
    }
    String value = Chars.strip(raw);
    if (value.equalsIgnoreCase("M") || value.equalsIgnoreCase("MALE")) {
      return male;
    }
    if (value.equalsIgnoreCase("F") || value.equalsIgnoreCase("FEMALE")) {
      return female;
    }
    if (value.length() > 20) {
      return FORMAT;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (UNKNOWN.contains(upper)) {
      return PLACEHOLDER;
    }
    return NOT_BINARY.contains(upper) ? NOT_BINARY_VALUE : FORMAT;
  }

  /** OpenToken's {@code ^([Mm](ale)?|[Ff](emale)?)$} with full-match semantics. */
  private Normalized exactOpenToken(String raw) {
    switch (raw) {
      case "M":
      case "m":
      case "Male":
      case "male":
        return male;
      case "F":
      case "f":
      case "Female":
      case "female":
        return female;
      default:
        return FORMAT;
    }
  }
}
