package io.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.failover.FailoverMode;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisSentinelOptions;
import io.gatehouse.redis.testing.RedisSentinelTopology;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gatehouse on a Sentinel-managed master (a master, a replica, three sentinels): the contract suites, then a
 * master killed under traffic.
 */
@TestClassOrder(org.junit.jupiter.api.ClassOrderer.OrderAnnotation.class)
class SentinelIT {

  static RedisSentinelTopology topology;

  @BeforeAll
  static void start() {
    topology = RedisSentinelTopology.start("gatehouse");
  }

  @AfterAll
  static void stop() {
    topology.close();
  }

  @Nested
  @Order(1)
  class Sessions extends RedisSessionContract {
    @Override
    protected RedisConfig.Builder redisConfig() {
      return RedisConfig.builder().url(topology.sentinelUrl());
    }

    @Override
    protected RedisServer clock() {
      return topology.master();
    }
  }

  @Nested
  @Order(2)
  class RateLimits extends RedisRateLimiterContract {
    @Override
    protected RedisConfig.Builder redisConfig() {
      return RedisConfig.builder().url(topology.sentinelUrl());
    }

    @Override
    protected RedisServer clock() {
      return topology.master();
    }
  }

  @Nested
  @Order(3)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class MasterFailover {
    @Test
    @Order(1)
    void sentinelsWithTheirOwnPassword() {
      try (RedisSentinelTopology secured = RedisSentinelTopology.start("secured", RedisSentinelOptions.builder()
              .dataPassword("data-Pa55").sentinelPassword("sentinel-Pa55").build());
          RedisStores stores = RedisStores.create(RedisConfig.builder().url(secured.sentinelUrl())
              .sentinelPassword("sentinel-Pa55").build())) {
        assertThat(stores.ping()).isPositive();
        SessionStore sessions = stores.sessionStore(SessionConfig.create());
        assertThat(sessions.validate(sessions.create("alice", java.util.Map.of()).token())).isPresent();
      }
    }

    @Test
    @Order(2)
    void masterKilledUnderTraffic_gatehouseFollowsTheNewMaster_andNoRevocationIsUndone() throws Exception {
      try (AppInstance a = new AppInstance(topology.sentinelUrl(), 1)) {
        TopologyTraffic traffic = new TopologyTraffic(a);
        await().until(() -> traffic.calls.get() > 300);
        topology.awaitReplicaInSync(Duration.ofSeconds(10));

        long killed = System.nanoTime();
        topology.killMaster();
        topology.awaitFailover(Duration.ofSeconds(30));
        long promoted = System.nanoTime();
        long callsAtPromotion = traffic.calls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.failover.mode() == FailoverMode.PRIMARY
            && a.failover.status().pendingWriteBack() == 0 && traffic.calls.get() > callsAtPromotion + 300);
        long recovered = System.nanoTime();
        traffic.close();
        System.out.printf("[sentinel] replica promoted %d ms after the master was killed; Gatehouse on the new "
            + "master %d ms later (%d failovers to memory)%n", TimeUnit.NANOSECONDS.toMillis(promoted - killed),
            TimeUnit.NANOSECONDS.toMillis(recovered - promoted), a.failover.status().failovers());

        assertThat(traffic.errors).as("exceptions that reached callers").isEmpty();
        try (AppInstance b = new AppInstance(topology.sentinelUrl(), 0)) {
          for (SessionToken token : traffic.revoked) {
            assertThat(b.sessions.validate(token)).as("revoked %s", token.sessionId()).isEmpty();
          }
          long liveAfter = traffic.live.stream().filter(t -> b.sessions.validate(t).isPresent()).count();
          System.out.printf("[sentinel] %d of %d live sessions survived the failover (asynchronous replication "
              + "may lose the last writes before the kill)%n", liveAfter, traffic.live.size());
          assertThat(liveAfter).isGreaterThan(traffic.live.size() * 9 / 10);
        }
      }
    }
  }
}
