package org.deid.cli.tokenize;

import java.io.IOException;
import java.util.Map;
import org.deid.cli.CliFailure;
import org.deid.cli.ExitCodes;
import org.deid.cli.ToolVersion;
import org.deid.cli.login.ServerConfig;
import org.deid.cli.login.ServerSession;

/**
 * A {@code --server-config} run of {@code tokenize} or {@code rekey}: fetches the client's policy
 * and keys before any input is opened (every server, credential and certificate problem stops the
 * run there), runs, then sends the run summary, successful or not, and zeroes the key bytes.
 */
final class ServerConfigRun {
  /** The work done with the server's configuration. */
  @FunctionalInterface
  interface Work {
    /**
     * Runs.
     *
     * @param session the logged-in session
     * @param config the fetched policy and keys (in memory only)
     * @param summary where to record each input
     * @throws IOException if an input or output fails
     */
    void run(ServerSession session, ServerConfig config, RunSummaries summary) throws IOException;
  }

  private ServerConfigRun() {}

  /**
   * Fetches the configuration, runs the work and sends its summary.
   *
   * @param env the environment locating the stored credentials
   * @param work the run
   * @return {@link ExitCodes#OK}
   * @throws IOException from the work
   * @throws CliFailure from the session or the work (the summary records its exit code)
   */
  static int run(Map<String, String> env, Work work) throws IOException {
    ServerSession session = ServerSession.fromStore(env);
    ServerConfig config = session.fetchConfig();
    RunSummaries summary = new RunSummaries(ToolVersion.current(), config);
    int status = ExitCodes.RUN_FAILED;
    try {
      work.run(session, config, summary);
      status = ExitCodes.OK;
      return ExitCodes.OK;
    } catch (CliFailure e) {
      status = e.exitCode();
      throw e;
    } finally {
      summary.send(session, status, System.err);
      config.destroyKeys();
    }
  }
}
