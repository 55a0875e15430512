package org.deid.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.TestServer;
import org.deid.server.worker.CoreJobRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Everything the server logs at INFO and above while it runs jobs over PII, with file names that
 * are PII, a rejected input, a failing webhook and refused keys: ids, states and counts, never a
 * value, a file name, a key or an API key.
 */
class ServerLogTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String NAME = "Zelda";
  private static final String SURNAME = "Quixotefield";
  private static final String SSN = "219-09-9999";

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Level rootLevel;
  private DeidServer server;

  @BeforeEach
  void captureLogs() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.INFO);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    root.detachAppender(captured);
    root.setLevel(rootLevel);
  }

  @Test
  void jobsOverPii_logIdsStatesAndCounts_neverValuesNamesOrKeys() throws Exception {
    server = TestServer.start(TestServer.settings(dir), new CoreJobRunner(), Optional.empty());
    String adminKey = Fixture.adminKey(dir);
    Api admin = Api.as(server.port(), adminKey);
    Fixture.ClientSetup clinic = Fixture.exampleClient(admin, "clinic", EXAMPLES);
    String id = clinic.id();
    admin.putJson(
        "/v1/admin/clients/" + id + "/notifications",
        Map.of("emails", List.of(NAME + "@clinic.example"), "webhooks", List.of(deadWebhook())));
    String apiKey = clinic.apiKey();
    Api api = Api.as(server.port(), apiKey);
    List<String> lines = Files.readAllLines(EXAMPLES.resolve("patients.csv"));
    String pii =
        lines.get(0) + "\n" + lines.get(1).replace("María", NAME).replace("Adams", SURNAME) + "\n";
    String fileName = "inbox/" + NAME + "-" + SURNAME + ".csv";

    api.put("/v1/files/" + fileName, pii.getBytes(StandardCharsets.UTF_8));
    String good = Fixture.submit(api, List.of(fileName), "out/");
    api.put(
        "/v1/files/inbox/" + SURNAME + "-odd.csv",
        ("record_id,surprise\nR1," + NAME + " " + SSN + "\n").getBytes(StandardCharsets.UTF_8));
    String bad = Fixture.submit(api, List.of("inbox/" + SURNAME + "-odd.csv"), "out/");
    assertThat(Fixture.awaitTerminal(api, good).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(Fixture.awaitTerminal(api, bad).get("state").asText()).isEqualTo("FAILED");
    api.get("/v1/files/" + fileName + ".missing");
    Api.as(server.port(), "deid_" + SURNAME).get("/v1/jobs");
    api.get("/v1/config");
    Fixture.sleep(500);

    String logged = everythingLogged();
    assertThat(logged).contains("job=" + good, "job=" + bad, "route=/v1/files/{key}");
    assertThat(logged)
        .doesNotContain(NAME)
        .doesNotContain(SURNAME)
        .doesNotContain(SSN)
        .doesNotContain(apiKey)
        .doesNotContain(adminKey);
    for (String line : lines.subList(1, 3)) {
      for (String value : line.split(",")) {
        if (value.length() > 4 && value.chars().anyMatch(c -> Character.isLetter(c) && c > 'f')) {
          assertThat(logged).as("a value of the input").doesNotContain(value);
        }
      }
    }
  }

  private String everythingLogged() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : captured.list) {
      text.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** A webhook URL where nothing listens, so deliveries fail and are logged. */
  private static String deadWebhook() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
    }
  }
}
