package org.deid.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.deid.core.normalize.Attribute;
import org.deid.core.token.AttributeValues;
import org.deid.core.token.BuiltInRules;
import org.deid.core.token.TokenRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Cost of building signatures from a row's normalized values. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SignatureBenchmark {
  private final AttributeValues values = new AttributeValues();
  private final StringBuilder reused = new StringBuilder(128);
  private TokenRule t1;
  private TokenRule t2;
  private TokenRule s1;

  /** Fills one row. */
  @Setup
  public void setUp() {
    values.set(Attribute.LAST_NAME, "SMITH");
    values.set(Attribute.FIRST_NAME, "JOHN");
    values.set(Attribute.SEX, "M");
    values.set(Attribute.BIRTH_DATE, "1980-01-15");
    values.set(Attribute.POSTAL_CODE, "98004");
    values.set(Attribute.SSN, "452387291");
    t1 = BuiltInRules.byId("T1").orElseThrow();
    t2 = BuiltInRules.byId("T2").orElseThrow();
    s1 = BuiltInRules.byId("S1").orElseThrow();
  }

  /** T1: attributes and a one-letter prefix. */
  @Benchmark
  public Optional<String> signatureT1() {
    return t1.signature(values);
  }

  /** T2: attributes and a ZIP3 prefix. */
  @Benchmark
  public Optional<String> signatureT2() {
    return t2.signature(values);
  }

  /** S1: two Soundex codes. */
  @Benchmark
  public Optional<String> signatureS1Soundex() {
    return s1.signature(values);
  }

  /** All five T rules into one reused builder, as a pipeline worker would. */
  @Benchmark
  public void allFiveRulesReusedBuilder(Blackhole hole) {
    for (TokenRule rule : BuiltInRules.deidV1()) {
      reused.setLength(0);
      hole.consume(rule.appendSignature(values, reused));
      hole.consume(reused.length());
    }
  }

  /** Parsing a rule expression (done once per run, shown for scale). */
  @Benchmark
  public TokenRule parseRule() {
    return TokenRule.parse(
        "S2", "soundex(last_name)|first_name[0:1]|year(birth_date)|sex|postal_code[0:3]");
  }
}
