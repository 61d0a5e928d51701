package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.gatehouse.redis.testing.CertificateAuthority.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A set of throwaway TLS certificates in a temporary directory, as PEM files: a CA, a server certificate for
 * {@code 127.0.0.1} and {@code localhost} and a client certificate, both signed by the CA, and an unrelated "wrong" CA.
 *
 * <p>The files suit both ends of a test. redis-server takes them as {@code --tls-cert-file}
 * {@link #serverCertificate()}, {@code --tls-key-file} {@link #serverKey()} and {@code --tls-ca-cert-file}
 * {@link #caCertificate()}, which {@link RedisServerOptions.Builder#tls(TlsCertificates, boolean)} passes. Lettuce
 * takes them as {@code SslOptions.builder().trustManager(caCertificate().toFile())} and, for a server that requires
 * client certificates, {@code .keyManager(clientCertificate().toFile(), clientKey().toFile(), null)}:
 *
 * <pre>{@code
 * try (TlsCertificates certificates = TlsCertificates.generate();
 *     RedisServer redis = RedisServer.create(RedisServerOptions.builder().tls(certificates, true).build()).start()) {
 *   RedisClient client = RedisClient.create(redis.uri());           // rediss://127.0.0.1:<port>
 *   client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder()
 *       .trustManager(certificates.caCertificate().toFile())
 *       .keyManager(certificates.clientCertificate().toFile(), certificates.clientKey().toFile(), null)
 *       .build()).build());
 * }
 * }</pre>
 *
 * <p>Keys are EC P-256 in unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), the one private-key PEM form that OpenSSL,
 * the JDK and Netty all read. Everything is made in-process with the JDK, so neither {@code openssl} nor
 * {@code keytool} is needed; whether the redis-server binary speaks TLS is {@link RedisBinary#supportsTls()}.
 */
public final class TlsCertificates implements AutoCloseable {

  private static final char[] KEY_STORE_PASSWORD = "in-memory-only".toCharArray();

  private final Path directory;
  private final CertificateAuthority ca;
  private final Credential client;
  private final CertificateAuthority wrongCa;
  private SSLContext sslContext;

  private TlsCertificates(Path directory, CertificateAuthority ca, Credential client, CertificateAuthority wrongCa) {
    this.directory = directory;
    this.ca = ca;
    this.client = client;
    this.wrongCa = wrongCa;
  }

  /** Generates the certificates and writes them to a new temporary directory, deleted by {@link #close()}. */
  public static TlsCertificates generate() {
    CertificateAuthority ca = CertificateAuthority.create("Gatehouse Test CA");
    CertificateAuthority wrongCa = CertificateAuthority.create("Gatehouse Wrong CA");
    Credential server = ca.issueServer("127.0.0.1");
    Credential client = ca.issueClient("gatehouse-test-client");
    try {
      Path directory = Files.createTempDirectory("gatehouse-tls-");
      directory.toFile().deleteOnExit();
      write(directory, "ca", ca.credential());
      write(directory, "server", server);
      write(directory, "client", client);
      write(directory, "wrong-ca", wrongCa.credential());
      return new TlsCertificates(directory, ca, client, wrongCa);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test certificates to a temporary directory", e);
    }
  }

  /** Returns the directory that holds the PEM files. */
  public Path directory() {
    return directory;
  }

  /** Returns the CA certificate, which signed the server and client certificates: the one to trust. */
  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  /** Returns the CA's private key. */
  public Path caKey() {
    return directory.resolve("ca.key");
  }

  /** Returns the server certificate, for {@code CN=127.0.0.1} with {@code IP:127.0.0.1} and {@code DNS:localhost}. */
  public Path serverCertificate() {
    return directory.resolve("server.crt");
  }

  /** Returns the server's private key. */
  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** Returns the client certificate, for servers started with {@code --tls-auth-clients yes}. */
  public Path clientCertificate() {
    return directory.resolve("client.crt");
  }

  /** Returns the client's private key. */
  public Path clientKey() {
    return directory.resolve("client.key");
  }

  /** Returns the certificate of a CA that signed nothing here: a client trusting only it must refuse the server. */
  public Path wrongCaCertificate() {
    return directory.resolve("wrong-ca.crt");
  }

  /** Returns the wrong CA's private key. */
  public Path wrongCaKey() {
    return directory.resolve("wrong-ca.key");
  }

  /**
   * Returns a TLS context that trusts the CA and presents the client certificate, as the harness's own connections
   * do; hostname verification is up to the socket's {@code SSLParameters}.
   */
  public synchronized SSLContext sslContext() {
    if (sslContext == null) {
      sslContext = context(ca.credential().certificate());
    }
    return sslContext;
  }

  /** Returns a TLS context like {@link #sslContext()} that trusts the wrong CA instead, to test a refusal. */
  SSLContext wrongCaSslContext() {
    return context(wrongCa.credential().certificate());
  }

  /** Deletes the directory and its files. */
  @Override
  public void close() {
    for (String name : new String[] {"ca", "server", "client", "wrong-ca"}) {
      try {
        Files.deleteIfExists(directory.resolve(name + ".crt"));
        Files.deleteIfExists(directory.resolve(name + ".key"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the test certificates in " + directory, e);
      }
    }
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  @Override
  public String toString() {
    return "TlsCertificates[" + directory + "]";
  }

  /** Returns key managers that present the client certificate, as a framework holding key stores passes them. */
  public KeyManagerFactory keyManagers() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", client.key(), KEY_STORE_PASSWORD,
          new Certificate[] {client.certificate(), ca.credential().certificate()});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, KEY_STORE_PASSWORD);
      return keyManagers;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build key managers from the test certificates: " + e, e);
    }
  }

  /** Returns trust managers that trust the CA. */
  public TrustManagerFactory trustManagers() {
    return trustManagers(ca.credential().certificate());
  }

  private SSLContext context(X509Certificate trusted) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers().getKeyManagers(), trustManagers(trusted).getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context from the test certificates: " + e, e);
    }
  }

  private static TrustManagerFactory trustManagers(X509Certificate trusted) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      return trustManagers;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build trust managers from the test certificates: " + e, e);
    }
  }

  private static void write(Path directory, String name, Credential credential) throws IOException {
    Path certificate = directory.resolve(name + ".crt");
    Path key = directory.resolve(name + ".key");
    try {
      Files.writeString(certificate, pem("CERTIFICATE", credential.certificate().getEncoded()), US_ASCII);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the " + name + " certificate", e);
    }
    Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, pem("PRIVATE KEY", credential.key().getEncoded()), US_ASCII);
    certificate.toFile().deleteOnExit();
    key.toFile().deleteOnExit();
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
