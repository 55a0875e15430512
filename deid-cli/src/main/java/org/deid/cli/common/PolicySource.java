package org.deid.cli.common;

import java.nio.file.Path;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import org.deid.core.policy.PolicyLoader;

/** Loads a policy file for a command, turning problems into exit code 3. */
public final class PolicySource {
  private PolicySource() {}

  /**
   * Loads and validates a policy.
   *
   * @param file the policy YAML
   * @return the policy
   * @throws CliFailure with {@link ExitCodes#CONFIG} when it is missing or invalid
   */
  public static Policy load(Path file) {
    try {
      return PolicyLoader.load(file);
    } catch (PolicyException e) {
      throw new CliFailure(ExitCodes.CONFIG, e.getMessage());
    }
  }
}
