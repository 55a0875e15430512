package org.deid.cli.opentoken;

import picocli.CommandLine.Command;

/** {@code deid opentoken}: OpenToken-compatible tokens. */
@Command(
    name = "opentoken",
    mixinStandardHelpOptions = true,
    description = {
      "Produce and decrypt OpenToken-compatible tokens (OpenToken 1.12 format and rules).",
      "Secrets are read from files only; a trailing newline in a secret file is ignored."
    },
    subcommands = {OpenTokenTokenizeCommand.class, OpenTokenDecryptCommand.class})
public final class OpenTokenCommand {}
