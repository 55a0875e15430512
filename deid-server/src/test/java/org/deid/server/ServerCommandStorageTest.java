package org.deid.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deid server --storage ...}: options, environment defaults and start-up refusals. */
class ServerCommandStorageTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine commandLine = new CommandLine(new ServerCommand(env));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(args);
  }

  @Test
  void help_listsTheStorageOptions_andNoCredentialOption() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new ServerCommand(Map.of()));
    commandLine.setOut(new PrintWriter(out, true));

    assertThat(commandLine.execute("--help")).isZero();

    assertThat(out.toString())
        .contains("--storage", "--s3-endpoint", "--s3-region", "AWS_ACCESS_KEY_ID");
    assertThat(out.toString()).doesNotContain("--s3-secret", "--s3-access-key");
  }

  @Test
  void unknownStorageScheme_exitsWithAConfigError() {
    int code =
        run(TestServer.ENV, "--data", dir.toString(), "--port", "0", "--storage", "ftp://host/x");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("--storage must be s3://bucket/prefix or file:///path");
  }

  @Test
  void missingBucket_atTheEndpointFromTheEnvironment_exitsNamingBucketAndEndpoint() {
    System.setProperty("aws.accessKeyId", S3Proxy.IDENTITY);
    System.setProperty("aws.secretAccessKey", S3Proxy.CREDENTIAL);
    try {
      Map<String, String> env = new HashMap<>(TestServer.ENV);
      env.put("DEID_S3_ENDPOINT", S3Proxy.get().endpoint().toString());

      int code =
          run(
              env,
              "--data",
              dir.toString(),
              "--port",
              "0",
              "--storage",
              "s3://no-such-bucket/deid");

      assertThat(code).isEqualTo(3);
      assertThat(err.toString())
          .contains(
              "s3://no-such-bucket/deid/", S3Proxy.get().endpoint().toString(), "does not exist");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
