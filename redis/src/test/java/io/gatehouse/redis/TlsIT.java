package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.redis.testing.RedisBinary;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerOptions;
import io.gatehouse.redis.testing.TlsCertificates;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
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
    RedisBinary.find().assumeTls();
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

  static RedisConfig.Builder tlsConfig() {
    return RedisConfig.builder().url("rediss://127.0.0.1:" + server.port())
        .tls(RedisTls.trusting(certificates.caCertificate())
            .withClientCertificate(certificates.clientCertificate(), certificates.clientKey()));
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
  void jsseManagers_connect_inPlaceOfPemFiles() {
    try (RedisStores stores = RedisStores.create(RedisConfig.builder().url("rediss://127.0.0.1:" + server.port())
        .tls(certificates.keyManagers(), certificates.trustManagers()).build())) {
      assertThat(stores.ping()).isPositive();
    }
  }

  @Test
  void jsseManagers_replaceTheFiles_soAWrongCaFileIsNotUsed() {
    try (RedisStores stores = RedisStores.create(RedisConfig.builder().url("rediss://127.0.0.1:" + server.port())
        .tls(RedisTls.trusting(certificates.wrongCaCertificate()))
        .tls(certificates.keyManagers(), certificates.trustManagers()).build())) {
      assertThat(stores.ping()).isPositive();
    }
  }

  @Test
  void rightCa_connects() {
    try (RedisStores stores = RedisStores.create(tlsConfig().build())) {
      assertThat(stores.ping()).isPositive();
    }
  }

  @Nested
  class Sessions extends RedisSessionContract {
    @Override
    protected RedisConfig.Builder redisConfig() {
      return tlsConfig();
    }

    @Override
    protected RedisServer clock() {
      return server;
    }
  }

  @Nested
  class RateLimits extends RedisRateLimiterContract {
    @Override
    protected RedisConfig.Builder redisConfig() {
      return tlsConfig();
    }

    @Override
    protected RedisServer clock() {
      return server;
    }
  }
}
