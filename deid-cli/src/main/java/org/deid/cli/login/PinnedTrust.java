package org.deid.cli.login;

import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust for the deid server by certificate pinning. With a pin, the server must present exactly
 * the leaf certificate whose SHA-256 was recorded at login (anything else fails the handshake,
 * whoever signed it). Without a pin (at login), any certificate is accepted and its SHA-256 is
 * recorded, to be shown to the user and stored: trust on first use, as SSH does. Thread-safe.
 */
public final class PinnedTrust extends X509ExtendedTrustManager {
  private final Optional<String> pin;
  private final AtomicReference<String> seen = new AtomicReference<>();

  /**
   * Creates the trust.
   *
   * @param pin the expected lower-case hex SHA-256 of the server certificate, or empty to record
   */
  public PinnedTrust(Optional<String> pin) {
    this.pin = pin.map(p -> p.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns an HTTP client that trusts the server through this pin.
   *
   * @return the client
   */
  public HttpClient httpClient() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {this}, null);
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(15))
          .sslContext(context)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }

  /**
   * Returns the SHA-256 of the certificate the server presented, once a handshake happened.
   *
   * @return lower-case hex, empty before any handshake
   */
  public Optional<String> seen() {
    return Optional.ofNullable(seen.get());
  }

  /**
   * Tells whether the server presented a certificate other than the pinned one.
   *
   * @return true on a mismatch
   */
  public boolean mismatched() {
    String actual = seen.get();
    return pin.isPresent() && actual != null && !pin.get().equals(actual);
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server presented no certificate");
    }
    String actual = sha256(chain[0].getEncoded());
    seen.set(actual);
    if (pin.isPresent()
        && !MessageDigest.isEqual(
            pin.get().getBytes(StandardCharsets.US_ASCII),
            actual.getBytes(StandardCharsets.US_ASCII))) {
      throw new CertificateException("the server certificate differs from the one pinned at login");
    }
  }

  /**
   * Computes a certificate fingerprint.
   *
   * @param der the DER encoding
   * @return lower-case hex SHA-256
   */
  static String sha256(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("not a server");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("not a server");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("not a server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
