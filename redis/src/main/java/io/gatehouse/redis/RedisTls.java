package io.gatehouse.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS settings for {@code rediss://}: the CA that signed the server's certificate, and optionally this client's
 * own certificate for servers that require one ({@code tls-auth-clients yes}).
 *
 * <pre>{@code
 * RedisTls tls = RedisTls.trusting(Path.of("/etc/redis/ca.pem"))
 *     .withClientCertificate(Path.of("client.pem"), Path.of("client.key"));
 * }</pre>
 *
 * <p>Without a CA file the JVM's default trust store is used. Files are PEM; the client key in PKCS#8.
 *
 * @param caFile the CA certificate(s) to trust, or {@code null} for the JVM's default trust store
 * @param clientCertificate this client's certificate chain, or {@code null} for none
 * @param clientKey this client's private key, or {@code null} for none
 */
public record RedisTls(Path caFile, Path clientCertificate, Path clientKey) {

  public RedisTls {
    requireReadable("Redis TLS CA file", caFile);
    requireReadable("Redis TLS client certificate", clientCertificate);
    requireReadable("Redis TLS client key", clientKey);
    if ((clientCertificate == null) != (clientKey == null)) {
      throw new IllegalArgumentException(
          "Redis TLS client certificate and key must be given together, got certificate=" + clientCertificate
              + " and key=" + clientKey);
    }
  }

  /** The JVM's default trust store, no client certificate. */
  public static RedisTls defaults() {
    return new RedisTls(null, null, null);
  }

  /** Trusts the CA certificate(s) in {@code caFile}. */
  public static RedisTls trusting(Path caFile) {
    return new RedisTls(Objects.requireNonNull(caFile, "caFile"), null, null);
  }

  /** The same, presenting this client certificate and key. */
  public RedisTls withClientCertificate(Path certificate, Path key) {
    return new RedisTls(caFile, Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(key, "key"));
  }

  private static void requireReadable(String name, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException(name + " must be a readable PEM file, got \"" + file + "\"");
    }
  }
}
