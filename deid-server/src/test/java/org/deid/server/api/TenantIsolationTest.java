package org.deid.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route, called with no key, with another client's key, and across the admin boundary. */
class TenantIsolationTest {
  @TempDir static Path dir;
  private static DeidServer server;
  private static Api admin;
  private static Fixture.ClientSetup alice;
  private static Fixture.ClientSetup bob;
  private static String aliceJob;
  private static String aliceKeyId;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.settings(dir), new LineEngine(), Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    alice = Fixture.client(admin, "alice");
    bob = Fixture.client(admin, "bob");
    Api aliceApi = Api.as(server.port(), alice.apiKey());
    aliceApi.put("/v1/files/in/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
    aliceJob = Fixture.submit(aliceApi, List.of("in/a.csv"), "out/");
    Fixture.awaitTerminal(aliceApi, aliceJob);
    aliceKeyId =
        admin
            .post("/v1/admin/clients/" + alice.id() + "/api-keys", Map.of())
            .json()
            .get("keyId")
            .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String concrete(RouteTable.Route route) {
    boolean adminRoute = route.path().startsWith("/v1/admin/");
    return route
        .path()
        .replace("{id}", adminRoute ? alice.id() : aliceJob)
        .replace("{keyId}", aliceKeyId)
        .replace("{ruleId}", "rule_of_alice")
        .replace("{jobId}", aliceJob)
        .replace("<key>", "in/a.csv");
  }

  private static byte[] body(RouteTable.Route route) {
    if (route.path().endsWith("/notifications")) {
      return "{\"emails\":[\"x@example.org\"],\"webhooks\":[]}".getBytes(StandardCharsets.UTF_8);
    }
    if (route.path().equals("/v1/jobs")) {
      return "{\"inputs\":[\"in/a.csv\"],\"outputPrefix\":\"x/\"}".getBytes(StandardCharsets.UTF_8);
    }
    if (route.path().equals("/v1/admin/clients")) {
      return "{\"name\":\"mallory\"}".getBytes(StandardCharsets.UTF_8);
    }
    return "policy: x\n".getBytes(StandardCharsets.UTF_8);
  }

  private static List<RouteTable.Route> protectedRoutes() {
    return server.routes().stream().filter(r -> r.path().startsWith("/v1/")).toList();
  }

  @Test
  void everyProtectedRoute_withoutKey_answers401() {
    Api anonymous = new Api(server.port(), Optional.empty());
    assertThat(protectedRoutes()).hasSizeGreaterThan(15);
    for (RouteTable.Route route : protectedRoutes()) {
      Api.Response response =
          anonymous.send(route.method(), concrete(route), body(route), Map.of());
      assertThat(response.status()).as(route.toString()).isEqualTo(401);
    }
  }

  @Test
  void everyProtectedRoute_withAWrongKey_answers401() {
    Api forged = Api.as(server.port(), "deid_forged");
    for (RouteTable.Route route : protectedRoutes()) {
      assertThat(forged.send(route.method(), concrete(route), body(route), Map.of()).status())
          .as(route.toString())
          .isEqualTo(401);
    }
  }

  @Test
  void everyAdminRoute_withAClientKey_answers404() {
    Api bobApi = Api.as(server.port(), bob.apiKey());
    for (RouteTable.Route route : protectedRoutes()) {
      if (route.path().startsWith("/v1/admin/")) {
        Api.Response response = bobApi.send(route.method(), concrete(route), body(route), Map.of());
        assertThat(response.status()).as(route.toString()).isEqualTo(404);
      }
    }
  }

  @Test
  void everyClientResource_withAnotherClientsKey_answers404() {
    Api bobApi = Api.as(server.port(), bob.apiKey());
    for (RouteTable.Route route : protectedRoutes()) {
      boolean namesAResource = route.path().contains("{id}") || route.path().contains("<key>");
      if (!route.path().startsWith("/v1/admin/")
          && namesAResource
          && !route.method().equals("PUT")) {
        Api.Response response = bobApi.send(route.method(), concrete(route), body(route), Map.of());
        assertThat(response.status()).as(route.toString()).isEqualTo(404);
      }
    }
  }

  @Test
  void bob_listsAndSubmits_seeOnlyHisOwnSpace() {
    Api bobApi = Api.as(server.port(), bob.apiKey());
    assertThat(bobApi.get("/v1/files").json().get("files")).isEmpty();
    assertThat(bobApi.get("/v1/files?prefix=out/").json().get("files")).isEmpty();
    assertThat(bobApi.get("/v1/jobs").json().get("jobs")).isEmpty();
    Api.Response submit =
        bobApi.post("/v1/jobs", Map.of("inputs", List.of("in/a.csv"), "outputPrefix", "out/"));
    assertThat(submit.status()).isEqualTo(404);
    bobApi.put("/v1/files/in/a.csv", "bob\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Api.as(server.port(), alice.apiKey()).get("/v1/files/in/a.csv").text())
        .isEqualTo("id\n1\n");
    bobApi.delete("/v1/files/in/a.csv");
    assertThat(Api.as(server.port(), alice.apiKey()).get("/v1/files/in/a.csv").status())
        .isEqualTo(200);
  }

  @Test
  void clientRoutes_withTheAdminKey_answer403() {
    assertThat(admin.get("/v1/files").status()).isEqualTo(403);
    assertThat(admin.get("/v1/jobs/" + aliceJob).status()).isEqualTo(403);
  }
}
