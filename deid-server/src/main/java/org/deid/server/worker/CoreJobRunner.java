package org.deid.server.worker;


/**
 * The {@link DeidEngine} over deid-core: the only class of the server that calls the core.
 *
 * <p>WAITING FOR THE CORE: the pipeline API ({@code PolicyLoader}, {@code KeyFiles.parse}, {@code
 * Deidentifier}) is not on main yet, so this class refuses every policy with a clear message. The
 * wiring is described in docs/server.md ("Core wiring").
 */
public final class CoreJobRunner implements DeidEngine {
  private static final String NOT_WIRED =
      "the deid-core pipeline is not wired into this server build yet";

  /** Creates the runner. */
  public CoreJobRunner() {}

  @Override
  public String checkPolicy(byte[] policy) throws EngineConfigException {
    throw new EngineConfigException(NOT_WIRED);
  }

  @Override
  public String checkKeys(byte[] keys) throws EngineConfigException {
    throw new EngineConfigException(NOT_WIRED);
  }

  @Override
  public PreparedRun prepare(byte[] policy, byte[] keys) throws EngineConfigException {
    throw new EngineConfigException(NOT_WIRED);
  }
}
