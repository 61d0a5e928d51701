package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.SessionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The entry point on a real Redis: two instances share everything, and one that starts without Redis catches up. */
class GatehouseIT {

  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private final String prefix = "gh-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<Gatehouse> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(Gatehouse::close);
  }

  private Gatehouse instance(String url) {
    Gatehouse gatehouse = Gatehouse.builder()
        .backend(RedisStores.create(RedisConfig.builder().url(url).keyPrefix(prefix)
            .commandTimeout(TIMEOUT).connectTimeout(TIMEOUT).build()))
        .sessions(SessionConfig.create())
        .failover(FailoverConfig.builder().deadline(TIMEOUT).probeInterval(Duration.ofMillis(50))
            .maxProbeInterval(Duration.ofMillis(200)).build())
        .rateLimit("login", RateLimit.slidingWindow(3, Duration.ofMinutes(15)))
        .build();
    opened.add(gatehouse);
    return gatehouse;
  }

  @Test
  void twoInstances_shareSessionsAndLimits() {
    Gatehouse a = instance(redis.server().uri());
    Gatehouse b = instance(redis.server().uri());

    CreatedSession created = a.sessions().create("alice", Map.of());
    assertThat(b.sessions().validate(created.token())).isPresent();
    b.sessions().revokeAll("alice");
    assertThat(a.sessions().validate(created.token())).isEmpty();

    a.rateLimiter("login").tryAcquire("203.0.113.7");
    b.rateLimiter("login").tryAcquire("203.0.113.7");
    a.rateLimiter("login").tryAcquire("203.0.113.7");
    assertThat(b.rateLimiter("login").tryAcquire("203.0.113.7").allowed()).isFalse();
    assertThat(a.status().mode()).isEqualTo(FailoverMode.PRIMARY);
    assertThat(a.location()).isEqualTo(redis.server().uri());
  }

  @Test
  void startedWithoutRedis_servesFromMemory_thenWritesBackWhenRedisAppears() {
    RedisServer late = redis.newServer();
    int port = late.port();
    late.kill();
    Gatehouse a = instance(late.uri());
    assertThat(a.status().mode()).isEqualTo(FailoverMode.DEGRADED);
    CreatedSession created = a.sessions().create("bob", Map.of());
    assertThat(a.sessions().validate(created.token())).isPresent();

    late.restart();
    assertThat(late.port()).isEqualTo(port);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.status().mode() == FailoverMode.PRIMARY);

    Gatehouse b = instance(late.uri());
    assertThat(b.sessions().validate(created.token())).as("written back to Redis").isPresent();
  }
}
