package org.deid.cli.keys;

import picocli.CommandLine.Command;

/** {@code deid keys}: key file management. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create and describe key files.",
    subcommands = {GenerateKeysCommand.class, DescribeKeysCommand.class})
public final class KeysCommand {}
