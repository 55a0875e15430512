package org.deid.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository's bundled examples, as seen from the module directory. */
public final class Examples {
  private Examples() {}

  /** The repository root. */
  public static Path root() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.exists(here.resolve("examples/patients.csv"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new AssertionError(
          "examples/patients.csv not found above " + Path.of("").toAbsolutePath());
    }
    return here;
  }

  /** The sample patient file. */
  public static Path patients() {
    return root().resolve("examples/patients.csv");
  }

  /** The Safe Harbor example policy. */
  public static Path safeHarborPolicy() {
    return root().resolve("examples/safe-harbor.yaml");
  }

  /** The public demo key file. */
  public static Path demoKeys() {
    return root().resolve("examples/demo-keys.json");
  }
}
