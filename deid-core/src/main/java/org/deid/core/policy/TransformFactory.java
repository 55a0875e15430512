package org.deid.core.policy;

import java.util.Map;
import java.util.Optional;
import org.deid.core.transform.AgeCapTransform;
import org.deid.core.transform.AgeReference;
import org.deid.core.transform.AgeTransform;
import org.deid.core.transform.BirthYearTransform;
import org.deid.core.transform.BucketTransform;
import org.deid.core.transform.DateShiftTransform;
import org.deid.core.transform.DateToYearTransform;
import org.deid.core.transform.FieldTransform;
import org.deid.core.transform.KeepTransform;
import org.deid.core.transform.KeyedFunctions;
import org.deid.core.transform.KeyedHashTransform;
import org.deid.core.transform.MaskTransform;
import org.deid.core.transform.PseudonymTransform;
import org.deid.core.transform.RedactTransform;
import org.deid.core.transform.RestrictedZip3;
import org.deid.core.transform.Zip3Transform;

/** Builds the transform for one column; references to other columns must already be checked. */
final class TransformFactory {
  private final KeyedFunctions keys;
  private final RestrictedZip3 zip3;
  private final Map<String, Integer> indexByName;

  TransformFactory(KeyedFunctions keys, RestrictedZip3 zip3, Map<String, Integer> indexByName) {
    this.keys = keys;
    this.zip3 = zip3;
    this.indexByName = indexByName;
  }

  /** Returns the transform, or empty for a dropped column. */
  Optional<FieldTransform> create(String column, ActionSpec spec) {
    if (spec instanceof ActionSpec.Drop) {
      return Optional.empty();
    }
    return Optional.of(transform(column, spec));
  }

  private FieldTransform transform(String column, ActionSpec spec) {
    if (spec instanceof ActionSpec.Redact redact) {
      return new RedactTransform(redact.replacement());
    } else if (spec instanceof ActionSpec.Mask mask) {
      return new MaskTransform(mask.keepFirst(), mask.keepLast(), mask.maskChar());
    } else if (spec instanceof ActionSpec.Hash hash) {
      return new KeyedHashTransform(column, keys, hash.length());
    } else if (spec instanceof ActionSpec.Pseudonym) {
      return new PseudonymTransform(column, keys);
    } else if (spec instanceof ActionSpec.DateToYear) {
      return new DateToYearTransform(column);
    } else if (spec instanceof ActionSpec.DateShift shift) {
      return new DateShiftTransform(column, keys, shift.maxDays());
    } else if (spec instanceof ActionSpec.Age age) {
      return new AgeTransform(column, reference(age.asOf()));
    } else if (spec instanceof ActionSpec.BirthYear birthYear) {
      return new BirthYearTransform(column, reference(birthYear.asOf()));
    } else if (spec instanceof ActionSpec.AgeCap) {
      return new AgeCapTransform(column);
    } else if (spec instanceof ActionSpec.Zip3) {
      return new Zip3Transform(column, zip3);
    } else if (spec instanceof ActionSpec.Bucket bucket) {
      return bucket.width().isPresent()
          ? BucketTransform.withWidth(column, bucket.width().get())
          : BucketTransform.withBounds(column, bucket.bounds());
    }
    return KeepTransform.INSTANCE;
  }

  private AgeReference reference(ActionSpec.AsOf asOf) {
    if (asOf.column().isPresent()) {
      String name = asOf.column().get();
      return AgeReference.column(indexByName.get(name), name);
    }
    return AgeReference.fixed(asOf.date().orElseThrow());
  }
}
