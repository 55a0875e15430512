package org.deid.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deid.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code deid files}: upload, download and list files on a deid server. */
@Command(
    name = "files",
    description = "Upload, download and list files on a deid server.",
    mixinStandardHelpOptions = true,
    subcommands = {FilesCommand.Put.class, FilesCommand.Get.class, FilesCommand.Ls.class})
public final class FilesCommand extends CommandGroup {
  /** One line per file: key, size and SHA-256, tab-separated. */
  static String line(JsonNode file) {
    return file.path("key").asText()
        + "\t"
        + file.path("size").asLong()
        + "\t"
        + file.path("sha256").asText();
  }

  /** {@code deid files put LOCAL REMOTE}: streams a file up; the server checks its SHA-256. */
  @Command(name = "put", description = "Upload LOCAL as REMOTE.", mixinStandardHelpOptions = true)
  public static final class Put implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", description = "Local file.")
    Path local;

    @Parameters(index = "1", description = "Remote key, e.g. inbox/patients.csv.")
    String remoteKey;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println(line(remote.connect().upload(local, remoteKey)));
      return ExitCodes.OK;
    }
  }

  /** {@code deid files get REMOTE LOCAL}: streams a file down and checks its SHA-256. */
  @Command(name = "get", description = "Download REMOTE to LOCAL.", mixinStandardHelpOptions = true)
  public static final class Get implements Callable<Integer> {
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", description = "Remote key.")
    String remoteKey;

    @Parameters(index = "1", description = "Local file (replaced when complete).")
    Path local;

    @Override
    public Integer call() {
      remote.connect().download(remoteKey, local);
      return ExitCodes.OK;
    }
  }

  /** {@code deid files ls [PREFIX]}: one line per file: key, size, SHA-256. */
  @Command(name = "ls", description = "List files under PREFIX.", mixinStandardHelpOptions = true)
  public static final class Ls implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RemoteOptions remote;

    @Parameters(index = "0", arity = "0..1", description = "Key prefix, e.g. out/.")
    String prefix = "";

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      remote
          .connect()
          .forEachPage(
              "/v1/files?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8),
              "files",
              Long.MAX_VALUE,
              file -> out.println(line(file)));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
