package io.gatehouse.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.testing.RedisBinary;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.redis.testing.RedisServerOptions;
import io.gatehouse.redis.testing.TlsCertificates;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configured Gatehouse on a real redis-server: from spring.data.redis.url, and over TLS from an SSL bundle. */
class GatehouseRedisIT {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class, SslAutoConfiguration.class));

  @Test
  void sessionsLiveInTheRedisOfSpringDataRedisUrl_underTheKeyPrefix(RedisServer server) {
    runner.withPropertyValues("spring.data.redis.url=" + server.uri(), "gatehouse.redis.key-prefix=shop:")
        .run(context -> {
          Gatehouse gatehouse = context.getBean(Gatehouse.class);
          assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.PRIMARY);
          CreatedSession created = context.getBean(SessionStore.class).create("alice", Map.of());
          assertThat(context.getBean(SessionStore.class).validate(created.token())).isPresent();
          assertThat((List<?>) server.command("KEYS", "shop:*")).isNotEmpty();
        });
  }

  @Test
  void nearCache_answersFromTheProcess_andHearsRevocationsFromAnotherInstance(RedisServer server) {
    ApplicationContextRunner instance = runner.withPropertyValues("spring.data.redis.url=" + server.uri(),
        "gatehouse.redis.key-prefix=nc:", "gatehouse.session.near-cache.enabled=true",
        "gatehouse.session.near-cache.max-staleness=1m", "gatehouse.session.touch-interval=0s");
    instance.run(a -> instance.run(b -> {
      SessionStore onA = a.getBean(SessionStore.class);
      SessionStore onB = b.getBean(SessionStore.class);
      CreatedSession kept = onA.create("alice", Map.of());
      CreatedSession revoked = onA.create("bob", Map.of());
      await().atMost(Duration.ofSeconds(10)).until(() -> onB.validate(kept.token()).isPresent()
          && onB.validate(revoked.token()).isPresent() && cachedOn(onB, server, kept));

      onA.revoke(revoked.token());

      await().atMost(Duration.ofSeconds(5)).until(() -> onB.validate(revoked.token()).isEmpty());
      assertThat(onB.validate(kept.token())).isPresent();
    }));
  }

  /** Whether {@code store} answers for {@code session} from its near cache: its key deleted, with no message. */
  private static boolean cachedOn(SessionStore store, RedisServer server, CreatedSession session) {
    for (Object key : (List<?>) server.command("KEYS", "nc:*:s:*")) {
      server.command("RENAME", String.valueOf(key), "parked:" + key);
    }
    try {
      return store.validate(session.token()).isPresent();
    } finally {
      for (Object key : (List<?>) server.command("KEYS", "parked:*")) {
        server.command("RENAME", String.valueOf(key), String.valueOf(key).substring("parked:".length()));
      }
    }
  }

  @Test
  void tlsFromAnSslBundle_reachesATlsOnlyRedis() {
    RedisBinary.find().assumeTls();
    try (TlsCertificates certificates = TlsCertificates.generate();
        RedisServer tls = RedisServer.create(RedisServerOptions.builder().tls(certificates, true).build()).start()) {
      runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + tls.port(),
          "spring.data.redis.ssl.bundle=redis",
          "spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificate(),
          "spring.ssl.bundle.pem.redis.keystore.certificate=file:" + certificates.clientCertificate(),
          "spring.ssl.bundle.pem.redis.keystore.private-key=file:" + certificates.clientKey())
          .run(context -> {
            Gatehouse gatehouse = context.getBean(Gatehouse.class);
            assertThat(gatehouse.location()).isEqualTo("rediss://127.0.0.1:" + tls.port() + "/0");
            assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.PRIMARY);
          });
    }
  }
}
