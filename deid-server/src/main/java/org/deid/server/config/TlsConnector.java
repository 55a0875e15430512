package org.deid.server.config;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Installs an HTTPS connector (and no plain HTTP one) from a PKCS#12 file or a PEM certificate
 * chain plus PEM PKCS#8 private key (RSA or EC).
 */
public final class TlsConnector {
  private TlsConnector() {}

  /**
   * Adds the HTTPS connector to a Javalin configuration.
   *
   * @param cfg the configuration
   * @param settings the bind address and port
   * @param tls the certificate
   * @throws ConfigException if the certificate cannot be loaded
   */
  public static void install(JavalinConfig cfg, ServerSettings settings, TlsSettings tls) {
    String storePassword = UUID.randomUUID().toString();
    KeyStore keyStore = load(tls, storePassword);
    cfg.jetty.addConnector(
        (server, httpConfig) -> {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStore(keyStore);
          ssl.setKeyStorePassword(storePassword);
          HttpConfiguration https = new HttpConfiguration(httpConfig);
          SecureRequestCustomizer secure = new SecureRequestCustomizer();
          secure.setSniHostCheck(false);
          https.addCustomizer(secure);
          ServerConnector connector =
              new ServerConnector(
                  server,
                  new SslConnectionFactory(ssl, "http/1.1"),
                  new HttpConnectionFactory(https));
          connector.setHost(settings.bindAddress());
          connector.setPort(settings.port());
          return connector;
        });
  }

  static KeyStore load(TlsSettings tls, String storePassword) {
    String name = tls.certificate().getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".p12") || name.endsWith(".pfx")) {
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        char[] password = tls.password().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(tls.certificate())) {
          pkcs12.load(in, password);
        }
        String alias = pkcs12.aliases().nextElement();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
            "server",
            pkcs12.getKey(alias, password),
            storePassword.toCharArray(),
            pkcs12.getCertificateChain(alias));
        return store;
      }
      Path keyFile =
          tls.privateKey()
              .orElseThrow(() -> new ConfigException("a PEM certificate needs --tls-key"));
      Collection<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(tls.certificate())) {
        chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server",
          pemPrivateKey(keyFile),
          storePassword.toCharArray(),
          chain.toArray(new Certificate[0]));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          "cannot load the TLS certificate or key (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static PrivateKey pemPrivateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new ConfigException("the TLS key must be PEM PKCS#8 (BEGIN PRIVATE KEY)");
    }
    String base64 =
        pem.substring(
                pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----"))
            .replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new ConfigException("the TLS key is neither RSA, EC nor Ed25519");
  }
}
