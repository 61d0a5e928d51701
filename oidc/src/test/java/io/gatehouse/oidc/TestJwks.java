package io.gatehouse.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider the test controls, on a JDK HTTP server on a free port: {@code /jwks} serves the public parts of the
 * keys it publishes, {@code /.well-known/openid-configuration} a discovery document pointing there. It can go down
 * (503), answer slowly, rotate keys, and counts the key-set requests it receives.
 */
final class TestJwks implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger jwksRequests = new AtomicInteger();
  private volatile JWKSet published = new JWKSet();
  private volatile boolean down;
  private volatile Duration delay = Duration.ZERO;
  private volatile String discoveredIssuer;

  private TestJwks() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/jwks", exchange -> {
      jwksRequests.incrementAndGet();
      answer(exchange, published.toString(true));
    });
    server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange,
        "{\"issuer\":\"" + (discoveredIssuer == null ? issuer() : discoveredIssuer) + "\",\"jwks_uri\":\""
            + jwksUri() + "\"}"));
    server.start();
  }

  static TestJwks start(JWK... keys) throws IOException {
    TestJwks jwks = new TestJwks();
    jwks.publish(keys);
    return jwks;
  }

  /** The issuer this provider's discovery document names by default: its base URL. */
  String issuer() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  String jwksUri() {
    return issuer() + "/jwks";
  }

  /** Publishes the public parts of {@code keys}, replacing those published before. */
  void publish(JWK... keys) {
    published = new JWKSet(List.of(keys)).toPublicJWKSet();
  }

  /** While down, every request is answered 503. */
  void down(boolean down) {
    this.down = down;
  }

  /** Every answer waits this long first. */
  void delay(Duration delay) {
    this.delay = delay;
  }

  /** Makes the discovery document name {@code issuer} instead of this provider. */
  void discoveredIssuer(String issuer) {
    this.discoveredIssuer = issuer;
  }

  int jwksRequests() {
    return jwksRequests.get();
  }

  private void answer(HttpExchange exchange, String json) throws IOException {
    try (exchange) {
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis()); // the provider's slowness under test, not the test waiting
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (down) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
