package org.deid.cli.policy;

import picocli.CommandLine.Command;

/** {@code deid policy}: policy file tools. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Check policy files.",
    subcommands = {PolicyCheckCommand.class})
public final class PolicyCommand {}
