package org.deid.bench;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.deid.core.normalize.Attribute;
import org.deid.core.normalize.AttributeNormalizer;
import org.deid.core.normalize.NormalizationProfile;
import org.deid.core.normalize.Normalized;
import org.deid.core.normalize.Normalizers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of normalizing one typical raw value per attribute, for the deid-v1 and OpenToken profiles.
 * Values are cycled from a small set so branch prediction does not see one constant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class NormalizerBenchmark {
  @Param({"FIRST_NAME", "LAST_NAME", "BIRTH_DATE", "SEX", "SSN", "POSTAL_CODE", "PHONE", "EMAIL"})
  public String attribute;

  @Param({"DEID_V1", "OPENTOKEN"})
  public String profile;

  private AttributeNormalizer normalizer;
  private String[] values;
  private int next;

  /** Builds the normalizer and the sample values. */
  @Setup
  public void setUp() {
    Attribute which = Attribute.valueOf(attribute);
    normalizer =
        Normalizers.forAttribute(
            which, NormalizationProfile.valueOf(profile), LocalDate.of(2026, 1, 1));
    values =
        switch (which) {
          case FIRST_NAME ->
              new String[] {"John", "María José", "Dr. Anne-Marie", "Zoë", "ROBERT JR."};
          case LAST_NAME ->
              new String[] {"Smith", "O'Brien", "Smith-Jones", "Müller", "van der Berg"};
          case BIRTH_DATE ->
              new String[] {"1980-01-15", "01/15/1980", "1975-12-31", "2001-07-04", "1950-02-28"};
          case SEX -> new String[] {"M", "Female", "male", "F", "Male"};
          case SSN ->
              new String[] {
                "452-38-7291", "452387291", "123-45-6789", "601 22 1234", "078-05-1120"
              };
          case POSTAL_CODE -> new String[] {"98004", "98004-1234", "02134", "K1A 0B1", "980"};
          case PHONE ->
              new String[] {
                "(206) 555-1234", "+1 425 882 8080", "206.555.0199", "2065551234", "555-0100"
              };
          case EMAIL ->
              new String[] {
                "john.smith@example.org", "A.B@Mail.COM", "x@y", "jane+x@host.net", "bad"
              };
        };
  }

  /** Normalizes the next sample value. */
  @Benchmark
  public Normalized normalize() {
    String value = values[next];
    next = next == values.length - 1 ? 0 : next + 1;
    return normalizer.normalize(value);
  }
}
