package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.StoreUnavailableException;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.ratelimit.RateLimiterContract;
import io.gatehouse.redis.testing.RedisBinary;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerOptions;
import io.gatehouse.redis.testing.TlsCertificates;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Gatehouse over {@code rediss://} to a redis-server that speaks only TLS, with a certificate made by the test
 * and client certificates required: the contract suites, and refusals that say why.
 */
class TlsIT {

  static TlsCertificates certificates;
  static RedisServer server;

  @BeforeAll
  static void start() {
    assumeTrue(RedisBinary.find().supportsTls(), "this redis-server was built without TLS");
    certificates = TlsCertificates.generate();
    server = RedisServer.create(RedisServerOptions.builder().tls(certificates, true).build()).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      certificates.close();
    }
  }

  static RedisConfig.Builder config() {
    return RedisConfig.builder().url("rediss://127.0.0.1:" + server.port())
        .tls(RedisTls.trusting(certificates.caCertificate())
            .withClientCertificate(certificates.clientCertificate(), certificates.clientKey()));
  }

  static RedisStores connect(String prefix, List<AutoCloseable> opened) {
    RedisStores stores = RedisStores.create(config().keyPrefix(prefix).build());
    opened.add(stores);
    return stores;
  }

  @Test
  void wrongCa_isRefused_withAClearError() {
    try (RedisStores stores = RedisStores.create(RedisConfig.builder().url("rediss://127.0.0.1:" + server.port())
        .tls(RedisTls.trusting(certificates.wrongCaCertificate())
            .withClientCertificate(certificates.clientCertificate(), certificates.clientKey())).build())) {
      assertThatThrownBy(stores::ping).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("Redis at rediss://127.0.0.1:" + server.port())
          .hasMessageContaining("unable to find valid certification path");
    }
  }

  @Test
  void plainConnection_toTheTlsPort_fails() {
    try (RedisStores stores = RedisStores.create(RedisConfig.builder().url("redis://127.0.0.1:" + server.port())
        .commandTimeout(Duration.ofMillis(300)).build())) {
      assertThatThrownBy(stores::ping).isInstanceOf(StoreUnavailableException.class);
    }
  }

  @Test
  void rightCa_connects() {
    try (RedisStores stores = RedisStores.create(config().build())) {
      assertThat(stores.ping()).isPositive();
    }
  }

  @Nested
  class Sessions extends SessionStoreContract {
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected SessionStore newStore(SessionConfig config) {
      return connect(prefix, opened).sessionStore(config);
    }

    @Override
    protected SessionStore peerOf(SessionStore store, SessionConfig config) {
      return newStore(config);
    }

    @Override
    protected Instant now() {
      return Instant.ofEpochMilli(RedisTime.millis(server));
    }

    @Override
    protected void elapse(Duration duration) {
      RedisTime.elapse(server, duration);
    }

    @Override
    protected Duration unit() {
      return Duration.ofMillis(50);
    }

    @AfterEach
    void close() throws Exception {
      for (AutoCloseable closeable : opened) {
        closeable.close();
      }
    }
  }

  @Nested
  class RateLimits extends RateLimiterContract {
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected RateLimiter newLimiter(String name, RateLimit limit) {
      return connect(prefix, opened).rateLimiter(name, limit);
    }

    @Override
    protected RateLimiter peerOf(RateLimiter limiter, String name) {
      return connect(prefix, opened).rateLimiter(name, limiter.limit());
    }

    @Override
    protected Instant now() {
      return Instant.ofEpochMilli(RedisTime.millis(server));
    }

    @Override
    protected void elapse(Duration duration) {
      RedisTime.elapse(server, duration);
    }

    @Override
    protected Duration unit() {
      return Duration.ofMillis(50);
    }

    @AfterEach
    void close() throws Exception {
      for (AutoCloseable closeable : opened) {
        closeable.close();
      }
    }
  }
}
