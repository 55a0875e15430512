package org.deid.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the tool version from the jar manifest. */
public final class ToolVersion implements IVersionProvider {
  /**
   * Returns the version of the running tool.
   *
   * @return the version, or {@code dev} when not running from a packaged jar
   */
  public static String current() {
    String version = ToolVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"deid " + current(), "Java " + System.getProperty("java.version")};
  }
}
