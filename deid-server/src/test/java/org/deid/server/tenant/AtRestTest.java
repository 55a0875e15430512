package org.deid.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.api.ServerApp;
import org.deid.server.db.Database;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtRestTest {
  @TempDir Path dir;

  @Test
  void keysAreSealed_apiKeysAreHashed_webhookSecretIsSealed() throws Exception {
    DeidServer server =
        TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty());
    Fixture.ClientSetup client;
    String adminKey = Fixture.adminKey(dir);
    try {
      client = Fixture.client(Api.as(server.port(), adminKey), "clinic");
    } finally {
      server.close();
    }

    try (Database database = Database.openEmbedded(dir.resolve("db"));
        Connection c = database.connection()) {
      List<String> stored = new ArrayList<>();
      try (ResultSet r =
          c.createStatement().executeQuery("SELECT sealed, description FROM client_keys")) {
        while (r.next()) {
          stored.add(new String(r.getBytes(1), StandardCharsets.ISO_8859_1));
          stored.add(r.getString(2));
        }
      }
      try (ResultSet r = c.createStatement().executeQuery("SELECT key_hash FROM api_keys")) {
        while (r.next()) {
          stored.add(r.getString(1));
        }
      }
      try (ResultSet r =
          c.createStatement().executeQuery("SELECT webhook_secret_sealed FROM clients")) {
        while (r.next()) {
          stored.add(new String(r.getBytes(1), StandardCharsets.ISO_8859_1));
        }
      }
      assertThat(stored).hasSizeGreaterThan(3);
      assertThat(String.join("|", stored))
          .doesNotContain("\"keys\"")
          .doesNotContain(client.apiKey())
          .doesNotContain(adminKey)
          .doesNotContain(client.webhookSecret());
    }
  }

  @Test
  void rateLimit_perClient_answers429() throws Exception {
    DeidServer server =
        TestServer.start(
            TestServer.settings(dir).withLimits(new ServerApp.Limits(1 << 20, 1 << 20, 0.01, 3)),
            new LineEngine(),
            Optional.empty());
    try {
      Api admin = Api.as(server.port(), Fixture.adminKey(dir));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add(admin.get("/v1/admin/clients").status());
      }
      assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
      assertThat(new Api(server.port(), Optional.empty()).get("/healthz").status()).isEqualTo(200);
    } finally {
      server.close();
    }
  }
}
