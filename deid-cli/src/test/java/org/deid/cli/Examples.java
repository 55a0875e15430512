package org.deid.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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

  /**
   * The arguments of {@code deid tokenize} with the Safe Harbor example policy and the demo keys.
   *
   * @param rest the arguments after {@code --keys FILE}
   * @return all arguments
   */
  public static String[] tokenizeArgs(String... rest) {
    return tokenizeArgsWithPolicy(safeHarborPolicy().toString(), rest);
  }

  /**
   * The arguments of {@code deid tokenize} with a policy and the demo keys.
   *
   * @param policy the policy file
   * @param rest the arguments after {@code --keys FILE}
   * @return all arguments
   */
  public static String[] tokenizeArgsWithPolicy(String policy, String... rest) {
    String[] base = {"tokenize", "--policy", policy, "--keys", demoKeys().toString()};
    return Stream.concat(Stream.of(base), Stream.of(rest)).toArray(String[]::new);
  }
}
