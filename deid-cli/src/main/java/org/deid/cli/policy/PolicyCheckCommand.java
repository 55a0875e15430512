package org.deid.cli.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.PolicySource;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.KeyMaterialFunctions;
import org.deid.core.pipeline.Deidentifier;
import org.deid.core.pipeline.PolicyFormats;
import org.deid.core.policy.ColumnPlan;
import org.deid.core.policy.Policy;
import org.deid.core.policy.PolicyException;
import org.deid.core.policy.RuleSpec;
import org.deid.core.record.RecordFormatException;
import org.deid.core.record.RecordReader;
import org.deid.core.record.RecordReaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deid policy check}: validates a policy (and optionally that it covers every column of an
 * input file) without reading any data row.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a policy file; with --input, also check it covers every column of that file's "
          + "header (no data row is read)."
    })
public final class PolicyCheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "POLICY", description = "Policy YAML file.")
  Path policyFile;

  @Option(names = "--input", paramLabel = "FILE", description = "Check against this file's header.")
  Path input;

  @Override
  public Integer call() {
    Policy policy = PolicySource.load(policyFile);
    KeyMaterial throwaway = KeyMaterial.generate(new SecureRandom());
    try {
      Deidentifier.create(policy, throwaway);
    } catch (PolicyException e) {
      throw new CliFailure(ExitCodes.CONFIG, policyFile + ": " + e.getMessage());
    }
    System.out.println(policyFile + ": valid");
    System.out.println(
        "  name "
            + policy.name()
            + ", version "
            + policy.version()
            + ", method "
            + policy.method().id()
            + ", sha256 "
            + policy.sha256());
    for (RuleSpec rule : policy.tokens().rules()) {
      System.out.println(
          "  token " + policy.tokens().columnPrefix() + rule.id() + " = " + rule.expression());
    }
    if (input != null) {
      ColumnPlan plan = planAgainst(policy, new KeyMaterialFunctions(throwaway));
      for (Map.Entry<String, String> action : plan.actionsByColumn().entrySet()) {
        System.out.println("  column " + action.getKey() + ": " + action.getValue());
      }
      System.out.println(input + ": every column is covered");
    }
    return ExitCodes.OK;
  }

  private ColumnPlan planAgainst(Policy policy, KeyMaterialFunctions keyed) {
    try (InputStream in = Files.newInputStream(input);
        RecordReader reader =
            RecordReaders.open(in, PolicyFormats.input(policy), input.toString())) {
      return policy.plan(reader.columns(), keyed);
    } catch (PolicyException e) {
      throw new CliFailure(ExitCodes.CONFIG, input + ": " + e.getMessage());
    } catch (RecordFormatException e) {
      throw new CliFailure(ExitCodes.RUN_FAILED, e.getMessage());
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.RUN_FAILED, input + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
