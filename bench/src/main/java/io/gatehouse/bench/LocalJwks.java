package io.gatehouse.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An OpenID Connect provider reduced to what JWT validation needs, in this JVM: an RSA-2048 key, its JWKS served by
 * the JDK's HTTP server on a loopback port, and RS256 access tokens signed with it. One per run: signing 10,000
 * tokens takes seconds on the shared cores, so the tokens are made once and reused by every trial.
 */
final class LocalJwks {

  static final String AUDIENCE = "gatehouse-api";
  /** Longer than any run, so no token expires mid-measurement. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  private static LocalJwks shared;

  private final HttpServer server;
  private final RSAKey key;
  private final String[] tokens;

  private LocalJwks(int tokenCount) {
    try {
      key = new RSAKeyGenerator(2048).keyID("bench-1").generate();
      byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/jwks", exchange -> {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, jwks.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(jwks);
        }
      });
      server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-jwks");
        thread.setDaemon(true);
        return thread;
      }));
      startAsDaemon(server);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the JWKS", e);
    }
    tokens = signMany(tokenCount);
  }

  /**
   * Starts the server from a daemon thread: its dispatcher thread inherits that, so the shared server never keeps
   * the run's JVM alive (it is never stopped: every trial reuses it).
   */
  private static void startAsDaemon(HttpServer server) {
    Thread starter = new Thread(server::start, "bench-jwks-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the JWKS server", e);
    }
  }

  /** The run's provider, with tokens for {@code user-0} to {@code user-9999}; started on first use. */
  static synchronized LocalJwks shared() {
    if (shared == null) {
      shared = new LocalJwks(Keys.RANDOM_10K.count());
    }
    return shared;
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bench";
  }

  String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  /** The token of {@code user-<index>}. */
  String token(int index) {
    return tokens[index];
  }

  private String[] signMany(int count) {
    String[] signed = new String[count];
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        done.add(pool.submit(() -> signed[index] = sign("user-" + index)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signing tokens", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("signing tokens failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return signed;
  }

  /** An access token as Keycloak issues one: RS256, typ JWT, iat now (minus a minute, against clock skew). */
  private String sign(String subject) {
    Instant issued = Instant.now().minusSeconds(60);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(AUDIENCE)
        .subject(subject)
        .issueTime(Date.from(issued))
        .expirationTime(Date.from(issued.plus(TOKEN_LIFETIME)))
        .claim("realm_access", Map.of("roles", List.of("user")))
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }
}
