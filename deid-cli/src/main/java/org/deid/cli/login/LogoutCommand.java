package org.deid.cli.login;

import java.util.Map;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deid logout}: deletes the stored credentials (the API key stays valid on the server). */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = {
      "Delete the credentials stored by deid login.",
      "The API key itself stays valid until the administrator revokes it."
    })
public final class LogoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    CredentialStore store = CredentialStore.locate(env);
    boolean deleted = store.delete();
    spec.commandLine()
        .getOut()
        .println(deleted ? "logged out (deleted " + store.file() + ")" : "not logged in");
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
