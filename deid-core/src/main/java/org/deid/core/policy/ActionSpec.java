package org.deid.core.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** One column's action with its validated parameters. Immutable. */
public sealed interface ActionSpec {
  /**
   * Returns the kind of action.
   *
   * @return the action
   */
  Action action();

  /** Copy unchanged. */
  record Keep() implements ActionSpec {
    @Override
    public Action action() {
      return Action.KEEP;
    }
  }

  /** Leave out of the output. */
  record Drop() implements ActionSpec {
    @Override
    public Action action() {
      return Action.DROP;
    }
  }

  /**
   * Constant replacement.
   *
   * @param replacement the constant, default empty
   */
  record Redact(String replacement) implements ActionSpec {
    @Override
    public Action action() {
      return Action.REDACT;
    }
  }

  /**
   * Partial masking.
   *
   * @param keepFirst leading characters kept (default 0)
   * @param keepLast trailing characters kept (default 4)
   * @param maskChar mask code point (default {@code *})
   */
  record Mask(int keepFirst, int keepLast, int maskChar) implements ActionSpec {
    @Override
    public Action action() {
      return Action.MASK;
    }
  }

  /**
   * Keyed hash.
   *
   * @param length output characters, 8 to 43 (default 43, the whole hash)
   */
  record Hash(int length) implements ActionSpec {
    @Override
    public Action action() {
      return Action.HASH;
    }
  }

  /** Keyed deterministic encryption. */
  record Pseudonym() implements ActionSpec {
    @Override
    public Action action() {
      return Action.PSEUDONYM;
    }
  }

  /** Year of a date. */
  record DateToYear() implements ActionSpec {
    @Override
    public Action action() {
      return Action.DATE_TO_YEAR;
    }
  }

  /**
   * Per-person date shift.
   *
   * @param maxDays largest shift, 1 to 3650 (default 365)
   */
  record DateShift(int maxDays) implements ActionSpec {
    @Override
    public Action action() {
      return Action.DATE_SHIFT;
    }
  }

  /**
   * Capped age from a birth date.
   *
   * @param asOf the reference
   */
  record Age(AsOf asOf) implements ActionSpec {
    @Override
    public Action action() {
      return Action.AGE;
    }
  }

  /**
   * Capped birth year.
   *
   * @param asOf the reference
   */
  record BirthYear(AsOf asOf) implements ActionSpec {
    @Override
    public Action action() {
      return Action.BIRTH_YEAR;
    }
  }

  /** Capped age value. */
  record AgeCap() implements ActionSpec {
    @Override
    public Action action() {
      return Action.AGE_CAP;
    }
  }

  /** ZIP3 with the policy's restricted list. */
  record Zip3() implements ActionSpec {
    @Override
    public Action action() {
      return Action.ZIP3;
    }
  }

  /**
   * Numeric ranges: explicit bounds, or a width when {@code bounds} is empty.
   *
   * @param bounds strictly increasing bounds, or empty
   * @param width bucket width when there are no bounds
   */
  record Bucket(List<BigDecimal> bounds, Optional<BigDecimal> width) implements ActionSpec {
    /**
     * Copies the bounds so the spec is immutable.
     *
     * @param bounds the bounds
     * @param width the width
     */
    public Bucket {
      bounds = List.copyOf(bounds);
    }

    @Override
    public Action action() {
      return Action.BUCKET;
    }
  }

  /**
   * The reference date of an age: a fixed date or a column of the row (exactly one present).
   *
   * @param date a fixed date ({@code as_of}, or the policy's {@code reference_date})
   * @param column a column holding the reference date ({@code as_of_column})
   */
  record AsOf(Optional<LocalDate> date, Optional<String> column) {}
}
