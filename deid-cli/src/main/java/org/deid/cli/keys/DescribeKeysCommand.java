package org.deid.cli.keys;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import org.deid.cli.common.KeySource;
import org.deid.core.key.KeyInfo;
import org.deid.core.key.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deid keys describe}: prints key ids and keyed fingerprints, never key bytes. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = "Print the key ids and keyed fingerprints of a key file (never key bytes).")
public final class DescribeKeysCommand implements Callable<Integer> {
  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description = "Key file (default: DEID_KEYS_FILE or DEID_KEYS).")
  Path keysFile;

  @Override
  public Integer call() {
    print(KeySource.load(keysFile));
    return ExitCodes.OK;
  }

  static void print(KeyMaterial keys) {
    for (KeyInfo info : keys.describe()) {
      System.out.println(
          info.kind()
              + "\t"
              + info.id()
              + "\t"
              + info.fingerprint()
              + (info.primary() ? "\tprimary" : ""));
    }
  }
}
