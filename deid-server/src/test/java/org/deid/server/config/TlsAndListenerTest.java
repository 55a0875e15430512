package org.deid.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.deid.server.DeidServer;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.TestCertificates;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsAndListenerTest {
  private static final String PASSWORD = TestCertificates.PASSWORD;

  @TempDir Path dir;
  @TempDir Path certs;
  private Path p12;

  @BeforeEach
  void makeCertificate() throws Exception {
    p12 = certs.resolve("server.p12");
    TestCertificates.pkcs12(p12);
  }

  private HttpClient trusting() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }

  private int healthOverHttps(DeidServer server) throws Exception {
    HttpResponse<String> response =
        trusting()
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.port() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  @Test
  void pkcs12Certificate_servesHttpsOnly() throws Exception {
    TlsSettings tls = new TlsSettings(p12, Optional.empty(), Optional.of(PASSWORD));
    DeidServer server =
        TestServer.start(
            TestServer.settings(dir).withListener("127.0.0.1", Optional.of(tls)),
            new LineEngine(),
            Optional.empty());
    try {
      assertThat(healthOverHttps(server)).isEqualTo(200);
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode())
          .isInstanceOf(Exception.class);
    } finally {
      server.close();
    }
  }

  @Test
  void pemCertificateAndKey_serveHttps() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASSWORD.toCharArray());
    }
    Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Path cert =
        Files.writeString(
            certs.resolve("server.crt"),
            "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(store.getCertificate("server").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    Path key =
        Files.writeString(
            certs.resolve("server.key"),
            "-----BEGIN PRIVATE KEY-----\n"
                + mime.encodeToString(store.getKey("server", PASSWORD.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    TlsSettings tls = new TlsSettings(cert, Optional.of(key), Optional.empty());
    DeidServer server =
        TestServer.start(
            TestServer.settings(dir).withListener("127.0.0.1", Optional.of(tls)),
            new LineEngine(),
            Optional.empty());
    try {
      assertThat(healthOverHttps(server)).isEqualTo(200);
    } finally {
      server.close();
    }
  }

  @Test
  void nonLoopbackBind_withoutTls_isRefused() {
    assertThatThrownBy(
            () ->
                TestServer.start(
                    TestServer.settings(dir).withListener("0.0.0.0", Optional.empty()),
                    new LineEngine(),
                    Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void masterKey_sealedValuesOpenOnlyWithTheSameKeyAndContext() {
    MasterKey key = MasterKey.of(new byte[32]);
    byte[] sealed = key.seal("secret".getBytes(StandardCharsets.UTF_8), "client-keys:a:1");

    assertThat(new String(key.open(sealed, "client-keys:a:1"), StandardCharsets.UTF_8))
        .isEqualTo("secret");
    assertThatThrownBy(() -> key.open(sealed, "client-keys:b:1"))
        .isInstanceOf(ConfigException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> MasterKey.of(other).open(sealed, "client-keys:a:1"))
        .isInstanceOf(ConfigException.class);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    assertThat(key.toString()).doesNotContain("0");
  }
}
